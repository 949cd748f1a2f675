/**
 * bin/userdeck.mjs runs the CLI's bundle with V8's code cache kept beside it. The bin and a bundle built
 * for these tests live in a folder of their own, so nothing here meets the bundle other tests use.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { HEAP_GROWING_PERCENT } from '../../../src/host/heap'
import { APP_VERSION } from '../../../src/host/version'
import { tempDir } from '../helpers/temp-dir'

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

  it("sets the host's heap growth limit itself, before the bundle loads", () => {
    const bin = readFileSync(join(root, 'bin/userdeck.mjs'), 'utf8')
    expect(bin).toContain(`setFlagsFromString('--heap-growing-percent=${HEAP_GROWING_PERCENT}')`)
  })
})
