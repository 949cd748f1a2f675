import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Client, Users } from 'node-appwrite'
import { describe, expect, it } from 'vitest'
import { createHostInternals } from '../../../src/host/host'
import { SEED_PASSWORD, startSandbox } from '../../../src/sandbox'
import { FileKeychain } from '../helpers/file-keychain'
import { expectEachRowEndedOnce, killAfterRows, startChild } from '../helpers/killed-child'
import { tempDir } from '../helpers/temp-dir'
import { login } from '../import/helpers'
import { call } from '../jobs/harness'

const SEEDED = 3000
const DOOMED = 2000
const KILL_AFTER_ROWS = 400
const KEY = 'delete-resume-test-key'
const FAULTS = { failRate: 0.1, rateLimitPerSec: 300, dropRate: 0.03 }

describe('bulk delete under faults, killed with kill -9, resumed, then undone', () => {
  it(
    'deletes exactly the selected users, touches no one else, and its undo brings each back with their password',
    { timeout: 480_000 },
    async () => {
      const dir = tempDir()
      const dataDir = join(dir, 'data')
      const keychain = join(dir, 'keychain.json')
      const sandbox = await startSandbox({
        port: 0,
        projectId: 'delete-target',
        apiKey: KEY,
        seed: SEEDED,
        quiet: true,
      })
      try {
        // The selection: users labelled "doomed", resolved on the server when the job runs.
        const admin = new Users(new Client().setEndpoint(sandbox.url).setProject('delete-target').setKey(KEY))
        const all = [...sandbox.store.users.values()]
        const doomed = all.slice(0, DOOMED)
        for (let i = 0; i < doomed.length; i += 100)
          await Promise.all(
            doomed
              .slice(i, i + 100)
              .map((u) => admin.updateLabels({ userId: u.$id, labels: [...u.labels, 'doomed'] })),
          )
        const originals = new Map([...sandbox.store.users.values()].map((u) => [u.$id, structuredClone(u)]))
        const doomedIds = new Set(doomed.map((u) => u.$id))

        // 10% 5xx, 429 bursts above 300 requests a second, 3% dropped connections (half after the write).
        sandbox.setFaults(FAULTS)
        // The server answers the first 800 deletes, then holds the rest: the job is still running at
        // the kill however fast or slow the machine is.
        const hold = sandbox.hold({ after: 800, match: ({ method }) => method === 'DELETE' })
        const child = startChild(join(import.meta.dirname, 'delete-child.ts'), {
          DATA_DIR: dataDir,
          ENDPOINT: sandbox.url,
          KEY,
          KEYCHAIN: keychain,
        })
        const jobId = await killAfterRows(child, dataDir, KILL_AFTER_ROWS)
        // What the dead process had sent is processed now, its answers lost: outcomes to reconcile.
        hold.release()
        expect(sandbox.store.users.size).toBeGreaterThan(SEEDED - DOOMED)

        // The next Userdeck start, with the same keychain.
        const host = await createHostInternals({
          dataDir,
          shell: 'cli',
          secrets: new FileKeychain(keychain),
          demo: false,
        })
        try {
          expect(host.services.jobs.get(jobId).state).toBe('interrupted')
          expect((await host.dispatch('jobs.resume', { jobId })).ok).toBe(true)
          const job = await host.services.jobs.wait(jobId)
          expect(job.state).toBe('completed')
          expect(job.counts).toEqual({ total: DOOMED, done: DOOMED, skipped: 0, failed: 0 })
          expectEachRowEndedOnce(dataDir, jobId, DOOMED)

          // Exactly the selected users are gone; everyone else is as they were, field for field.
          const left = [...sandbox.store.users.values()]
          expect(left).toHaveLength(SEEDED - DOOMED)
          for (const u of left) {
            expect(doomedIds.has(u.$id)).toBe(false)
            expect(u).toEqual(originals.get(u.$id))
          }

          // No password hash is readable in the data folder: the copies are sealed with the keychain's key.
          const hashes = [...new Set(doomed.filter((u) => u.password).map((u) => u.password!))]
          expect(hashes.length).toBeGreaterThan(0)
          for (const rel of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
            const file = join(dataDir, rel)
            if (!statSync(file).isFile()) continue
            const bytes = readFileSync(file)
            for (const h of hashes) expect(bytes.includes(Buffer.from(h)), `a hash in ${rel}`).toBe(false)
          }

          // Undo (its own fault run is in delete-restore.test.ts): every user is back, same id and hash.
          sandbox.setFaults({})
          const undo = await call(host, 'activity.undoJob', { jobId })
          const undone = await host.services.jobs.wait(undo.id)
          expect(undone.counts).toEqual({ total: DOOMED, done: DOOMED, skipped: 0, failed: 0 })
          const phoneOnly = new Set(doomed.filter((u) => !u.email && u.password).map((u) => u.$id))
          for (const row of await host.services.jobs.report(undo.id))
            expect(row.reason).toMatch(
              phoneOnly.has(row.key) ? /its password could not be/ : /same id and password/,
            )
        } finally {
          await host.close()
        }
        expect(sandbox.store.users.size).toBe(SEEDED)
        for (const u of doomed) {
          const back = sandbox.store.getUser(u.$id)!
          const was = originals.get(u.$id)!
          // Appwrite takes a password hash only with an email (and signs in with a password only by
          // email): a phone-only user comes back without one, and the report says so.
          if (was.email) {
            expect(back.password).toBe(was.password)
            if (was.password) expect(back.hash).toBe(was.hash)
          } else expect(back.password ?? null).toBeNull()
          expect(back).toMatchObject({
            email: was.email,
            phone: was.phone,
            name: was.name,
            labels: was.labels,
            prefs: was.prefs,
            status: was.status,
            emailVerification: was.emailVerification,
            phoneVerification: was.phoneVerification,
          })
        }
        // The original password signs in (POST /v1/account/sessions/email), for every algorithm kept.
        for (const hash of ['bcrypt', 'argon2']) {
          const person = doomed.find((u) => u.status && u.email && u.password && u.hash === hash)!
          expect(await login(sandbox, person.email!, SEED_PASSWORD), `${hash}: ${person.email}`).toBe(true)
        }
      } finally {
        await sandbox.close()
      }
    },
  )
})
