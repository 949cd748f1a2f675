/**
 * A write the project asks to confirm, from the command line: every writing command takes `--confirm`,
 * and a refusal or a preview says the flag with the project's name to type. Needs the real keychain for
 * the stored project (see keychain.test.ts); skipped without one.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { UserPage } from '@shared/models'
import { runCliPatiently } from '../helpers/run-cli'
import { probeKeychainPatiently } from '../helpers/keychain'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from '../projects/fixtures'

const hasKeychain = (await probeKeychainPatiently()).available
const KEY = 'standard_cli_confirm_0123456789abcdef'
const AUTH0 = join(import.meta.dirname, '../../fixtures/import/auth0-users.ndjson')

describe.skipIf(!hasKeychain)(
  '--confirm on a project that asks before every write',
  { timeout: 120_000 },
  () => {
    const dataDir = tempDir()
    const cli = async (...args: string[]) => {
      const io = captureIo({ K: KEY })
      const code = await runCliPatiently(['--data-dir', dataDir, ...args], io)
      return { code, out: io.stdout, err: io.stderr }
    }
    const imported = async () =>
      (
        JSON.parse(
          (await cli('--json', 'users', 'list', '-p', 'Shop EU', '--search', 'auth0')).out,
        ) as UserPage
      ).users.length

    it('imports into production only when confirmed, and says how when it is not', async () => {
      const sb = await sandbox({ apiKey: KEY })
      const added = await cli(
        ...['projects', 'add', '--name', 'Shop EU', '--endpoint', sb.url, '--project-id', 'shop'],
        ...['--tag', 'production', '--key-env', 'K'],
      )
      expect(added.code, added.err).toBe(0)

      const unconfirmed = await cli('import', AUTH0, '-p', 'Shop EU', '--yes')
      expect(unconfirmed.code).toBe(1)
      expect(unconfirmed.err).toContain(
        `error (confirmation_required): "Shop EU" asks before every write: confirm this change to make it. Add --confirm 'Shop EU'.`,
      )
      expect(await imported()).toBe(0)

      const preview = await cli('import', AUTH0, '-p', 'Shop EU')
      expect(preview.err).toMatch(
        /Re-run with --yes to apply, or: userdeck jobs start \S+ --confirm 'Shop EU'$/m,
      )

      const confirmed = await cli('import', AUTH0, '-p', 'Shop EU', '--yes', '--confirm', 'Shop EU')
      expect(confirmed.code, confirmed.err).toBe(0)
      expect(await imported()).toBe(3)

      const labels = await cli('labels', 'add', '-p', 'Shop EU', '--all', '--labels', 'x', '--yes')
      expect(labels.err).toContain(`Add --confirm 'Shop EU'.`)

      // A planned delete started by its id: the refusal names no project, the job does.
      const planned = await cli('users', 'delete', '-p', 'Shop EU', '--search', 'auth0')
      const jobId = /userdeck jobs start (\S+) --confirm 'Shop EU'$/m.exec(planned.err)?.[1]
      expect(jobId, planned.err).toBeDefined()
      const started = await cli('jobs', 'start', jobId!)
      expect(started.err).toContain(
        `"Shop EU" is a production project: type its name to confirm. Add --confirm 'Shop EU'.`,
      )
      expect(await imported()).toBe(3)
    })

    it('names no --confirm where the project does not ask for one', async () => {
      const demo = await cli('labels', 'add', '--all', '--labels', 'x', '--dry-run')
      expect(demo.err).toMatch(/to apply it as previewed: userdeck jobs start \S+$/m)

      // Production whose safe mode is off asks only before a destructive job, for its name.
      const sb = await sandbox({ apiKey: KEY })
      const added = await cli(
        ...['projects', 'add', '--name', 'Shop US', '--endpoint', sb.url, '--project-id', 'shop'],
        ...['--tag', 'production', '--safe-mode', 'off', '--key-env', 'K'],
      )
      expect(added.code, added.err).toBe(0)
      const labels = await cli('labels', 'add', '-p', 'Shop US', '--all', '--labels', 'x')
      expect(labels.err).toMatch(/Re-run with --yes to apply, or: userdeck jobs start \S+$/m)
      const lockOut = await cli('sessions', 'kill', '--lock-out', '-p', 'Shop US', '--all')
      expect(lockOut.err).toMatch(
        /Re-run with --yes to apply, or: userdeck jobs start \S+ --confirm 'Shop US'$/m,
      )
      const counted = await cli('sessions', 'list', '-p', 'Shop US', '--all')
      expect(counted.out).toMatch(/\(end them: userdeck jobs start \S+ --confirm 'Shop US'\)$/m)

      expect((await cli('import', '--help')).out).toContain('--confirm <projectName>')
    })
  },
)
