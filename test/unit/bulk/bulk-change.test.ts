import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BulkUserChange } from '@shared/models/bulk'
import { call, hostWithSandbox, wholePreview, type Bench } from '../jobs/harness'
import { tempDir } from '../helpers/temp-dir'

/** The field each change sets, as the sandbox's store holds it. */
const field: Record<BulkUserChange, ['status' | 'emailVerification' | 'phoneVerification', boolean]> = {
  block: ['status', false],
  unblock: ['status', true],
  verifyEmail: ['emailVerification', true],
  unverifyEmail: ['emailVerification', false],
  verifyPhone: ['phoneVerification', true],
  unverifyPhone: ['phoneVerification', false],
}

describe('bulk block, unblock and (un)verify: previewed before → after, audited, undone', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 120 })
  })
  afterAll(() => b.close())

  for (const change of Object.keys(field) as BulkUserChange[])
    it(change, async () => {
      const [name, value] = field[change]
      const picked = [...b.sandbox.store.users.values()].slice(0, 40)
      const already = picked.filter((u) => u[name] === value).map((u) => u.$id)
      const toChange = picked.filter((u) => u[name] !== value).map((u) => u.$id)
      const { users: api } = (await b.host.core.projects.resolve(b.project)).clients
      const set = (userId: string, to: boolean) =>
        name === 'status'
          ? api.updateStatus({ userId, status: to })
          : name === 'emailVerification'
            ? api.updateEmailVerification({ userId, emailVerification: to })
            : api.updatePhoneVerification({ userId, phoneVerification: to })
      // Both kinds among the picked users, so the preview has changes and skips to tell apart.
      if (already.length === 0) await set(toChange[0]!, value)
      if (toChange.length === 0) await set(already[0]!, !value)
      const users = picked.map((u) => b.sandbox.store.getUser(u.$id)!)
      const before = new Map(users.map((u) => [u.$id, structuredClone(u)]))
      const skipped = users.filter((u) => u[name] === value).map((u) => u.$id)
      const changed = users.filter((u) => u[name] !== value).map((u) => u.$id)

      const planned = await call(b.host, 'users.bulkChange', {
        project: b.project,
        selection: { ids: users.map((u) => u.$id) },
        change,
      })
      const preview = await wholePreview(b.host, planned.id)
      expect(preview.counts).toMatchObject({ change: changed.length, skip: skipped.length, fail: 0 })
      for (const row of preview.rows)
        expect(row).toMatchObject(
          changed.includes(row.key)
            ? { action: 'change', before: { [name]: !value }, after: { [name]: value } }
            : { action: 'skip', reason: 'Already so.' },
        )

      await call(b.host, 'jobs.start', { jobId: planned.id })
      expect((await b.host.services.jobs.wait(planned.id)).counts).toMatchObject({
        done: changed.length,
        skipped: skipped.length,
        failed: 0,
      })
      for (const u of users) expect(b.sandbox.store.getUser(u.$id)![name]).toBe(value)
      const entries = b.host.core.audit.list({ jobId: planned.id })
      expect(entries.map((e) => e.userId).sort()).toEqual([...changed].sort())
      for (const e of entries)
        expect(e).toMatchObject({
          action: 'users.change',
          before: { [name]: !value },
          after: { [name]: value },
        })

      // Undo puts back what each user had; those the job skipped are left as they are.
      const undo = await call(b.host, 'activity.undoJob', { jobId: planned.id })
      expect((await b.host.services.jobs.wait(undo.id)).counts).toMatchObject({
        done: changed.length,
        failed: 0,
      })
      for (const u of users) expect(b.sandbox.store.getUser(u.$id)![name]).toBe(before.get(u.$id)![name])
    })
})
