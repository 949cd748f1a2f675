/**
 * bin/userdeck.mjs runs the CLI's bundle with V8's code cache kept beside it. The bin and a bundle built
 * for these tests live in a folder of their own, so nothing here meets the bundle other tests use.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { HEAP_GROWING_PERCENT } from '../../../src/host/heap'
import { APP_VERSION } from '../../../src/host/version'
import type { ProjectView } from '@shared/models'
import { tempDir } from '../helpers/temp-dir'
import { probeKeychainPatiently } from '../helpers/keychain'

const probed = await probeKeychainPatiently()

const root = join(import.meta.dirname, '../../..')

describe('the userdeck bin', () => {
  const copy = tempDir()
  const cache = join(copy, 'out/cli/userdeck.cjs.v8cache')
  const version = () => {
    const run = spawnSync(process.execPath, [join(copy, 'bin/userdeck.mjs'), '--version'], {
      encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    return run.stdout.trim()
  }

  beforeAll(() => {
    const built = spawnSync(process.execPath, ['scripts/build-cli.mjs', join(copy, 'out/cli')], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(built.status, built.stderr).toBe(0)
    mkdirSync(join(copy, 'bin'))
    cpSync(join(root, 'bin/userdeck.mjs'), join(copy, 'bin/userdeck.mjs'))
    // The native modules the bundle leaves out, found as an installed package finds them.
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'))
  })

  it('writes the code cache on its first run and uses it, unchanged, after', () => {
    expect(existsSync(cache)).toBe(false)
    expect(version()).toBe(APP_VERSION)
    const written = statSync(cache)
    expect(written.size).toBeGreaterThan(0)
    expect(version()).toBe(APP_VERSION)
    // A cache V8 refused would have been written anew, as another file renamed over this one.
    expect(statSync(cache).ino).toBe(written.ino)
  })

  it('runs as well with a cache that is not V8’s, and replaces it', () => {
    writeFileSync(cache, 'not a code cache')
    expect(version()).toBe(APP_VERSION)
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache')
    const replaced = statSync(cache).ino
    expect(version()).toBe(APP_VERSION)
    expect(statSync(cache).ino).toBe(replaced)
  })

  // Against the real Secret Service, as the unit suite runs: skipped without one (keychain.test.ts says why).
  it.skipIf(!probed.available)('keeps a key in the OS keychain, where the next command reads it', () => {
    const dataDir = tempDir()
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(copy, 'bin/userdeck.mjs'), '--data-dir', dataDir, ...args], {
        encoding: 'utf8',
        env: { ...process.env, BIN_TEST_KEY: 'standard_bin_test_0123456789' },
      })
    const added = run(
      ...['projects', 'add', '--name', 'Bundled', '--endpoint', 'http://127.0.0.1:9/v1', '--project-id', 'b'],
      ...['--key-env', 'BIN_TEST_KEY', '--save-anyway'],
    )
    // The bundle once left keytar's `import()` for a vm.Script that has no loader for it.
    expect(added.stderr).not.toMatch(/keychain|in memory/i)
    // Saved, though its server does not answer (the command says so, and exits 1 for it).
    expect(added.stdout).toContain('Bundled (development)')
    const listed = run('--json', 'projects', 'list')
    const [project] = (JSON.parse(listed.stdout) as ProjectView[]).filter((p) => p.name === 'Bundled')
    expect(project?.key).toMatchObject({ present: true, inMemoryOnly: false, lastFour: '6789' })
    // Removing it takes the stored key again (a guard lowered), and deletes it from the keychain.
    expect(run('projects', 'remove', project!.id, '--proof-env', 'BIN_TEST_KEY').status).toBe(0)
  })

  it("sets the host's heap growth limit itself, before the bundle loads", () => {
    const bin = readFileSync(join(root, 'bin/userdeck.mjs'), 'utf8')
    expect(bin).toContain(`setFlagsFromString('--heap-growing-percent=${HEAP_GROWING_PERCENT}')`)
  })
})
