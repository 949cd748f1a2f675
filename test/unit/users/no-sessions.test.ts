import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { UserExportDone, UserPage } from '@shared/models'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { runCliPatiently } from '../helpers/run-cli'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { call, wholePreview } from '../jobs/harness'

const KEY = 'no_sessions_test_key'

/**
 * Appwrite cannot query users by their sessions; the host reads each candidate's. The judge is the
 * sandbox's own store of sessions.
 */
describe('the no-sessions filter, in the list, the CLI and a job selection', () => {
  let sandbox: RunningSandbox
  let host: HostInternals
  let project: string
  const sessionless = (keep: (u: { status: boolean }) => boolean = () => true) =>
    [...sandbox.store.users.values()]
      .filter((u) => sandbox.store.sessions.forUser(u.$id).length === 0 && keep(u))
      .map((u) => u.$id)
      .sort()

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, projectId: 'nosessions', apiKey: KEY, seed: 240, quiet: true })
    host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
    })
    project = (
      await call(host, 'projects.add', {
        name: 'No sessions',
        endpoint: sandbox.url,
        projectId: 'nosessions',
        key: KEY,
      })
    ).id
    // Both kinds must be there for the filter to prove anything.
    expect(sessionless().length).toBeGreaterThan(10)
    expect(sessionless().length).toBeLessThan(sandbox.store.users.size - 10)
  })
  afterAll(async () => {
    await host.close()
    await sandbox.close()
  })
  /** The CLI's options naming the sandbox's project, its key read from USERDECK_TEST_KEY. */
  const projectArgs = () => [
    '--endpoint',
    sandbox.url,
    '--project-id',
    'nosessions',
    '--key-env',
    'USERDECK_TEST_KEY',
  ]

  it('pages through exactly the users without a session, each once, as the window pages', async () => {
    const seen: string[] = []
    let next: { cursor: string; offset: number } | undefined
    let first: UserPage | null = null
    for (;;) {
      const page: UserPage = await call(host, 'users.list', {
        project,
        limit: 7,
        filters: { noSessions: true },
        ...next,
      })
      first ??= page
      seen.push(...page.users.map((u) => u.id))
      if (!page.nextCursor) break
      // The offset counts the users looked at: those with sessions too, up to the last one shown.
      expect(page.nextOffset).toBeGreaterThanOrEqual(seen.length)
      next = { cursor: page.nextCursor, offset: page.nextOffset! }
    }
    expect([...seen].sort()).toEqual(sessionless())
    expect(new Set(seen).size).toBe(seen.length)
    // Appwrite cannot count them ahead: the first page says "at least", not a number it does not know.
    expect(first).toMatchObject({ total: 7, totalCapped: true })
  })

  it.each(['asc', 'desc'] as const)(
    'pages through them sorted by a column many leave empty (phone, %s), past users without one',
    async (direction) => {
      // Appwrite refuses a cursor whose sort value is empty; the page then goes by the offset the
      // page before gave, which counts the users looked at, not the users shown.
      const phoneless = sessionless().filter((id) => !sandbox.store.users.get(id)!.phone)
      expect(phoneless.length).toBeGreaterThan(7)
      const seen: string[] = []
      let next: { cursor: string; offset: number } | undefined
      for (;;) {
        const page: UserPage = await call(host, 'users.list', {
          project,
          limit: 7,
          filters: { noSessions: true },
          sort: { field: 'phone', direction },
          ...next,
        })
        seen.push(...page.users.map((u) => u.id))
        if (!page.nextCursor) break
        next = { cursor: page.nextCursor, offset: page.nextOffset! }
      }
      expect([...seen].sort()).toEqual(sessionless())
      expect(new Set(seen).size).toBe(seen.length)
      const phones = seen.map((id) => sandbox.store.users.get(id)!.phone ?? '')
      const ordered = [...phones].sort()
      expect(phones).toEqual(direction === 'asc' ? ordered : ordered.reverse())
    },
  )

  it('narrows the other filters, which run on the server first', async () => {
    const page: UserPage = await call(host, 'users.list', {
      project,
      limit: 500,
      filters: { noSessions: true, status: 'active' },
    })
    expect(page.users.map((u) => u.id).sort()).toEqual(sessionless((u) => u.status))
    expect(page.totalCapped).toBe(false)
  })

  it('is `users list --no-sessions` in the CLI', async () => {
    const io = captureIo({ USERDECK_TEST_KEY: KEY })
    const code = await runCliPatiently(
      [
        '--data-dir',
        tempDir(),
        '--json',
        'users',
        'list',
        ...projectArgs(),
        '--no-sessions',
        '--limit',
        '500',
      ],
      io,
    )
    expect(code, io.stderr).toBe(0)
    expect((JSON.parse(io.stdout) as UserPage).users.map((u) => u.id).sort()).toEqual(sessionless())
  })

  it('pages on in the CLI by the `more:` line each page prints, sorted by phone', async () => {
    const args = ['users', 'list', '--no-sessions', '--sort', 'phone:desc', '--limit', '9']
    const dataDir = tempDir()
    const seen: string[] = []
    let more: string[] = []
    for (let pages = 0; pages < 100; pages++) {
      const io = captureIo({ USERDECK_TEST_KEY: KEY })
      const code = await runCliPatiently(['--data-dir', dataDir, ...args, ...projectArgs(), ...more], io)
      expect(code, io.stderr).toBe(0)
      const ids = new Set(sessionless())
      const rows = io.stdout.split('\n').filter((line) => !line.startsWith('more:'))
      seen.push(...rows.map((row) => row.split(/\s+/)[0]!).filter((id) => ids.has(id)))
      const next = /^more: (.*)$/m.exec(io.stdout)
      if (!next) break
      more = next[1]!.split(' ')
    }
    expect(more).toContain('--offset')
    expect([...seen].sort()).toEqual(sessionless())
  })

  it('selects the same users for a job, resolved when the job reads its rows, through 5xx and 429', async () => {
    sandbox.setFaults({ failRate: 0.1, rateLimitPerSec: 300 })
    try {
      const planned = await call(host, 'users.bulkChange', {
        project,
        selection: { filters: { noSessions: true } },
        change: 'block',
      })
      const preview = await wholePreview(host, planned.id)
      expect(preview.rows.map((r) => r.key).sort()).toEqual(sessionless())
    } finally {
      sandbox.setFaults({})
    }
  })
})

describe('a no-sessions export sorted by a column many leave empty', () => {
  it('writes every user without a session once, across pages whose last user has no phone', async () => {
    // More users than an export page (500), so the export pages on after users with no phone.
    const sandbox = await startSandbox({
      port: 0,
      projectId: 'nosessions',
      apiKey: KEY,
      seed: 1200,
      quiet: true,
    })
    const host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
    })
    try {
      const { id: project } = await call(host, 'projects.add', {
        name: 'No sessions',
        endpoint: sandbox.url,
        projectId: 'nosessions',
        key: KEY,
      })
      const done: UserExportDone = await call(host, 'users.export', {
        exportId: 'nosessions-by-phone',
        project,
        format: 'csv',
        columns: ['id', 'phone'],
        filters: { noSessions: true },
        // Descending, users with no phone come last: from the second page on, a page ends on one.
        sort: { field: 'phone', direction: 'desc' },
      })
      const rows = parse(readFileSync(done.path, 'utf8'), { columns: true }) as {
        id: string
        phone: string
      }[]
      const expected = [...sandbox.store.users.values()]
        .filter((u) => sandbox.store.sessions.forUser(u.$id).length === 0)
        .map((u) => u.$id)
      expect(expected.length).toBeGreaterThan(500)
      expect(rows.map((r) => r.id).sort()).toEqual(expected.sort())
      const phones = rows.map((r) => r.phone)
      expect(phones).toEqual([...phones].sort().reverse())
    } finally {
      await host.close()
      await sandbox.close()
    }
  })
})
