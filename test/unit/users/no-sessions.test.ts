import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserPage } from '@shared/models'
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

  it('pages through exactly the users without a session, each once, as the window pages', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let first: UserPage | null = null
    for (;;) {
      const page: UserPage = await call(host, 'users.list', {
        project,
        limit: 7,
        filters: { noSessions: true },
        offset: seen.length,
        ...(cursor ? { cursor } : {}),
      })
      first ??= page
      seen.push(...page.users.map((u) => u.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect([...seen].sort()).toEqual(sessionless())
    expect(new Set(seen).size).toBe(seen.length)
    // Appwrite cannot count them ahead: the first page says "at least", not a number it does not know.
    expect(first).toMatchObject({ total: 7, totalCapped: true })
  })

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
        '--endpoint',
        sandbox.url,
        '--project-id',
        'nosessions',
        '--key-env',
        'USERDECK_TEST_KEY',
        '--no-sessions',
        '--limit',
        '500',
      ],
      io,
    )
    expect(code, io.stderr).toBe(0)
    expect((JSON.parse(io.stdout) as UserPage).users.map((u) => u.id).sort()).toEqual(sessionless())
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
