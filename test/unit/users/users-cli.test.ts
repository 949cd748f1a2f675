import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dayAndTime, dayText, exactTime } from '@shared/clock'
import type { SessionView, UserPage } from '@shared/models'
import type { UserExportDone, UserWrite } from '@shared/models/users'
import { runCliPatiently } from '../helpers/run-cli'
import { probeKeychainPatiently } from '../helpers/keychain'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/** Restore copies need an OS keychain for their key (`npm test` runs inside a Secret Service session). */
const hasKeychain = (await probeKeychainPatiently()).available

describe('userdeck users … against the demo project', () => {
  const dataDir = tempDir()
  /** Runs a command as the CLI's entry does, with a patient keychain probe (see runCliPatiently). */
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = captureIo(env)
    const code = await runCliPatiently(['--data-dir', dataDir, '--json', ...args], io)
    // What a failure says: the error's JSON on standard output, any advice on standard error.
    const said = `${io.stdout}${io.stderr}`
    return { code, out: io.stdout, said, json: () => JSON.parse(io.stdout) as unknown }
  }

  it('lists with the browser filters and sort', async () => {
    const r = await run([
      'users',
      'list',
      '--status',
      'blocked',
      '--email-verified',
      'true',
      '--sort',
      'name:desc',
      '--limit',
      '500',
    ])
    expect(r.code).toBe(0)
    const page = r.json() as UserPage
    expect(page.users.length).toBeGreaterThan(0)
    expect(page.users.every((u) => !u.status && u.emailVerification)).toBe(true)
    const names = page.users.map((u) => u.name.toLowerCase())
    expect(names).toEqual([...names].sort().reverse())
    expect((await run(['users', 'list', '--sort', 'labels:asc'])).code).toBe(2)
  })

  it("writes times as the window does, in the machine's locale (JSON keeps Appwrite's ISO)", async () => {
    const text = async (args: string[]) => {
      const io = captureIo()
      expect(await runCliPatiently(['--data-dir', dataDir, ...args], io), io.stderr).toBe(0)
      return io.stdout
    }
    const page = (await run(['users', 'list', '--limit', '200'])).json() as UserPage
    const user = page.users.find((u) => u.accessedAt)!
    expect(dayText(user.registration)).not.toBe(user.registration.slice(0, 10))
    expect(await text(['users', 'list', '--limit', '200'])).toContain(dayText(user.registration))
    const detail = await text(['users', 'get', user.id])
    expect(detail).toContain(`registered    ${exactTime(user.registration)}`)
    expect(detail).toContain(`last access   ${dayAndTime(user.accessedAt)}`)

    const sessions = (await run(['sessions', 'list', '--user', user.id])).json() as SessionView[]
    const listed = await text(['sessions', 'list', '--user', user.id])
    expect(sessions.length).toBeGreaterThan(0)
    for (const session of sessions) expect(listed).toContain(dayAndTime(session.createdAt))
  })

  it('says how to undo anyway a change made over since: --force', async () => {
    const someone = ((await run(['users', 'list', '--limit', '5'])).json() as UserPage).users[3]!
    const first = (await run(['users', 'update', someone.id, '--name', 'First Edit'])).json() as UserWrite
    await run(['users', 'update', someone.id, '--name', 'Second Edit'])
    const refused = await run(['users', 'undo', first.entryId])
    expect(refused.code).toBe(1)
    expect(refused.said).toContain(
      "The user's name changed since; undoing would overwrite that. Add --force to undo it anyway.",
    )
    expect((await run(['users', 'undo', first.entryId, '--force'])).code).toBe(0)
    expect((await run(['users', 'get', someone.id])).json()).toMatchObject({ name: someone.name })
  })

  it('creates, updates, undoes, exports and deletes', async () => {
    const created = (
      await run(
        ['users', 'create', '--name', 'Cli Person', '--email', 'cli@example.com', '--password-env', 'PW'],
        { PW: 'cli-password-1' },
      )
    ).json() as UserWrite
    const id = created.user!.id
    const updated = (
      await run(['users', 'update', id, '--name', 'Cli Renamed', '--labels', 'cli,test'])
    ).json() as UserWrite
    expect(updated.user).toMatchObject({ name: 'Cli Renamed', labels: ['cli', 'test'] })
    expect((await run(['users', 'undo', updated.entryId])).code).toBe(0)
    expect((await run(['users', 'get', id])).json()).toMatchObject({ name: 'Cli Person', labels: [] })

    const exported = (
      await run(['users', 'export', '--format', 'json', '--columns', 'id,email', '--search', id])
    ).json() as UserExportDone
    expect(JSON.parse(readFileSync(exported.path, 'utf8'))).toEqual([{ id, email: 'cli@example.com' }])

    // Without --yes, the preview; the user is still there.
    const preview = await run(['users', 'delete', id, '--without-restore-copy'])
    expect(preview.code).toBe(0)
    expect(preview.json()).toMatchObject({ preview: { counts: { change: 1, total: 1 } } })
    expect((await run(['users', 'get', id])).code).toBe(0)
    expect((await run(['users', 'delete', id, '--yes', '--without-restore-copy'])).code).toBe(0)
    expect((await run(['users', 'get', id])).code).toBe(1)
  })

  it.runIf(hasKeychain)(
    'deletes by repeated Appwrite query JSON with restore copies, and `jobs undo` brings the users back',
    async () => {
      const all = ((await run(['users', 'list', '--limit', '500'])).json() as UserPage).users
      const active = all.filter((u) => u.status && u.email).slice(0, 3)
      const blocked = all.find((u) => !u.status)!
      const ids = [...active, blocked].map((u) => u.id)
      // Every --query must match: these ids, and of them only the active users.
      const selection = [
        '--query',
        JSON.stringify({ method: 'equal', attribute: '$id', values: ids }),
        '--query',
        '{"method":"equal","attribute":"status","values":[true]}',
      ]
      const preview = (await run(['users', 'delete', ...selection, '--dry-run'])).json() as {
        preview: { counts: { change: number }; lost: Record<string, number> }
      }
      expect(preview.preview.counts.change).toBe(3)
      expect(Object.keys(preview.preview.lost).sort()).toEqual([
        'identities',
        'memberships',
        'sessions',
        'targets',
      ])
      const deleted = await run(['users', 'delete', ...selection, '--yes'])
      expect(deleted.code, deleted.said).toBe(0)
      const job = deleted.json() as { id: string; counts: { done: number } }
      expect(job.counts.done).toBe(3)
      for (const u of active) expect((await run(['users', 'get', u.id])).code).toBe(1)
      expect((await run(['users', 'get', blocked.id])).code).toBe(0)

      const undone = await run(['jobs', 'undo', job.id])
      expect(undone.code, undone.said).toBe(0)
      for (const u of active)
        expect((await run(['users', 'get', u.id])).json()).toMatchObject({
          id: u.id,
          email: u.email,
          labels: u.labels,
        })
    },
  )

  it('unblocks by Appwrite query JSON, and `jobs undo` blocks them again', async () => {
    const blockedBefore = (
      (await run(['users', 'list', '--status', 'blocked', '--limit', '500'])).json() as UserPage
    ).users.map((u) => u.id)
    const query = '{"method":"equal","attribute":"status","values":[false]}'
    const blocked = await run(['users', 'unblock', '--query', query, '--yes'])
    expect(blocked.code).toBe(0)
    const job = blocked.json() as { id: string; counts: { done: number } }
    expect(job.counts.done).toBe(blockedBefore.length)
    expect(((await run(['users', 'list', '--status', 'blocked'])).json() as UserPage).users).toHaveLength(0)
    expect((await run(['jobs', 'undo', job.id])).code).toBe(0)
    const after = ((await run(['users', 'list', '--status', 'blocked', '--limit', '500'])).json() as UserPage)
      .users
    expect(after.map((u) => u.id).sort()).toEqual([...blockedBefore].sort())

    const bad = await run(['users', 'block', '--query', '{"method":"limit","values":[5]}', '--yes'])
    expect(bad.code).toBe(2)
  })
})
