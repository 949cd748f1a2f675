import { describe, expect, it } from 'vitest'
import type { ActivityPage } from '@shared/models/activity'
import type { UserPage } from '@shared/models'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { startSandbox } from '../../../src/sandbox'

/** `userdeck activity`: the audit log the Activity screen shows, read and paged from the command line. */
describe('userdeck activity', { timeout: 120_000 }, () => {
  const dataDir = tempDir()
  const cli = async (...argv: string[]) => {
    const io = captureIo()
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, out: io.stdout, err: io.stderr }
  }
  const json = async <T>(...argv: string[]) => JSON.parse((await cli('--json', ...argv)).out) as T

  it('lists each change in words with its entry to undo, a bulk job as one row, and pages back', async () => {
    const empty = await cli('activity')
    expect(empty.code).toBe(0)
    expect(empty.out).toMatch(/^Nothing recorded yet: every change made to a user from Userdeck/)

    const [first, second] = (await json<UserPage>('users', 'list', '--limit', '2')).users
    expect((await cli('users', 'update', first!.id, '--name', 'Renamed From The CLI')).code).toBe(0)
    const labelled = await cli(
      'labels',
      'add',
      '--user',
      first!.id,
      '--user',
      second!.id,
      '--labels',
      'clivip',
      '--yes',
    )
    expect(labelled.code).toBe(0)

    const log = await cli('activity')
    expect(log.code).toBe(0)
    const lines = log.out.split('\n')
    expect(lines[0]).toMatch(/^WHEN +PROJECT +USER +WHAT +UNDO +ENTRY$/)
    // Newest first: the job in one row with its count, then the rename under the name it gave.
    expect(lines[1]).toMatch(/Demo project +2 users +Added label clivip · 2 users +undoable +job \S+$/)
    expect(lines[2]).toMatch(/Demo project +Renamed From The CLI +Changed name +undoable +[0-9a-f-]{36}$/)
    expect(log.out).toContain('undo an entry: userdeck users undo ENTRY; a whole job: userdeck jobs undo JOB')

    // The entry the row names is the one `users undo` takes; the row then says it was undone.
    const rename = / ([0-9a-f-]{36})$/.exec(lines[2]!)![1]!
    expect((await cli('users', 'undo', rename)).code).toBe(0)
    const after = await json<ActivityPage>('activity', '--user', first!.id)
    const undone = after.entries.find((e) => e.id === rename)
    expect(undone?.undone).toBe(true)
    expect((await cli('activity', '--action', 'users.update')).out).toMatch(/Changed name +undone/)

    // One job asked for: its entries, each a row. One row a page, and the next page from its "more:".
    const jobId = / job (\S+)$/.exec(lines[1]!)![1]!
    const page1 = await cli('activity', '--job', jobId, '--limit', '1')
    expect(page1.out.split('\n').filter((l) => l.includes('Added label clivip'))).toHaveLength(1)
    const before = /^more: --before (\S+)$/m.exec(page1.out)![1]!
    const page2 = await cli('activity', '--job', jobId, '--limit', '1', '--before', before)
    expect(page2.out).toMatch(/Added label clivip/)
    expect(page2.out).not.toContain(before)
    expect(page2.out).not.toMatch(/^more:/m)

    // By email, any case, as a support person has it: the rename is listed, though its label is a name.
    expect(first!.email).toContain('@')
    const byEmail = await json<ActivityPage>('activity', '--user', first!.email.toUpperCase())
    expect(byEmail.entries.map((e) => e.id)).toContain(rename)
    expect(byEmail.entries.every((e) => e.userId === first!.id || e.jobId !== undefined)).toBe(true)

    expect((await cli('activity', '--user', 'nobody-at-all')).out).toBe(
      'Nothing recorded with these filters.\n',
    )
  })

  it('names the flag and its limit, and a project it does not know', async () => {
    const big = await cli('activity', '--limit', '5000')
    expect(big.code).toBe(2)
    expect(big.err).toContain('--limit must be 1000 or less.')
    const unknown = await cli('activity', '--project', 'No such shop')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('`userdeck projects list` shows them.')
  })

  it('a change made on a project named by URL is undone only with its key named again, one entry or a job', async () => {
    const key = 'activity-adhoc-key-0123456789'
    const sandbox = await startSandbox({ projectId: 'byurl', apiKey: key, seed: 3, quiet: true })
    try {
      const dir = tempDir()
      const run = async (...argv: string[]) => {
        const io = captureIo({ BYURL_KEY: key, OTHER_KEY: 'other-key-0123456789' })
        const code = await runCliPatiently(['--data-dir', dir, ...argv], io)
        return { code, out: io.stdout, err: io.stderr }
      }
      const [someone, other] = [...sandbox.store.users.values()]
      const named = someone!.name
      const where = ['--endpoint', sandbox.url, '--project-id', 'byurl', '--key-env', 'BYURL_KEY']
      expect((await run('users', 'update', someone!.$id, ...where, '--name', 'Named By Url')).code).toBe(0)

      const log = await run('activity')
      const row = log.out.split('\n').find((l) => l.includes('Named By Url'))
      expect(row).toMatch(/Changed name +command line +([0-9a-f-]{36})$/)
      const entry = / ([0-9a-f-]{36})$/.exec(row!)![1]!
      // Without the key: refused before anything is asked, with the flag that would do it.
      const keyless = await run('users', 'undo', entry)
      expect(keyless.code).toBe(2)
      expect(keyless.err).toContain(
        `Entry ${entry} is on a project named by URL (byurl at ${sandbox.url}), whose key Userdeck does not keep. Add --key-env VAR`,
      )
      expect(sandbox.store.users.get(someone!.$id)?.name).toBe('Named By Url')
      // Another project's address is not this change's.
      const elsewhere = await run('users', 'undo', entry, '--key-env', 'OTHER_KEY', '--project-id', 'other')
      expect(elsewhere.code).toBe(2)
      expect(elsewhere.err).toContain(`name another project than Entry ${entry}'s`)
      // With it, the address comes from the entry: the name goes back.
      const undone = await run('users', 'undo', entry, '--key-env', 'BYURL_KEY')
      expect(undone.err).toBe('')
      expect(undone.code).toBe(0)
      expect(sandbox.store.users.get(someone!.$id)?.name).toBe(named)

      // A job the same way: its entries keep where it was made.
      const labelled = await run(
        'labels',
        'add',
        '--user',
        other!.$id,
        '--labels',
        'byurl',
        '--yes',
        ...where,
      )
      expect(labelled.code).toBe(0)
      expect(sandbox.store.users.get(other!.$id)?.labels).toContain('byurl')
      const jobId = (await run('--json', 'jobs', 'list')).out.match(/"id": "([^"]+)"/)![1]!
      expect((await run('jobs', 'undo', jobId)).err).toContain('Add --key-env VAR')
      const undoJob = await run('jobs', 'undo', jobId, '--key-env', 'BYURL_KEY')
      expect(undoJob.code).toBe(0)
      expect(sandbox.store.users.get(other!.$id)?.labels).not.toContain('byurl')
    } finally {
      await sandbox.close()
    }
  })
})
