#!/usr/bin/env node
// Runs the CLI from its bundle (out/cli, built by `npm ci` through the `prepare` script, or by
// `npm run build:cli`), which starts without compiling TypeScript. Where there is no bundle, or a
// source it was built from has changed since, it runs the TypeScript sources through tsx instead.
import { createRequire } from 'node:module'
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import vm from 'node:vm'

// The CLI's V8 flags, set before any of its code is compiled: V8 refuses a code cache made under
// other flags, so the bundle must not change them once loaded.
// - undici parses HTTP with a WebAssembly module that V8 also compiles with its optimising compiler,
//   on background threads that the process waits for when it exits: a command that made one request
//   spent about 170 ms of its 520 ending (Node 20, `npm run bench:cli`). V8's baseline code alone is
//   as fast for this: over 30,000 requests to the sandbox, undici's CPU per request was the same within
//   the noise (94–100 µs against 91–107).
// - The heap's growth limit is the host's (src/host/heap.ts, HEAP_GROWING_PERCENT; a test keeps the
//   two the same), set here rather than by the bundle for the reason above.
setFlagsFromString('--liftoff-only')
setFlagsFromString('--heap-growing-percent=100')

const root = fileURLToPath(new URL('../', import.meta.url))
const bundle = `${root}out/cli/userdeck.cjs`
// V8's compiled code for the bundle, kept beside it: a cache is code this process runs, so it lives
// where only those who could change the bundle itself can write, not in a shared folder such as /tmp.
const codeCache = `${bundle}.v8cache`

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs
    const sources = JSON.parse(readFileSync(`${root}out/cli/sources.json`, 'utf8'))
    // A source that is gone (a package without src/) cannot be newer than the bundle. Paths are
    // joined as strings: a URL per source cost more than the stat itself.
    return sources.every(
      (source) => (statSync(root + source, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= built,
    )
  } catch {
    return false
  }
}

/**
 * Loads the CommonJS bundle with V8's code cache, which Node 20 does not keep for any module:
 * compiling the bundle took 50 to 70 ms of a 280 ms command, reading and checking it with the cache
 * about 30. A run with no usable cache (the first, or after Node or the bundle changed) writes
 * one at its end, holding every function that run compiled.
 */
function loadBundle() {
  let cachedData
  try {
    cachedData = readFileSync(codeCache)
  } catch {
    // None yet: this run makes it.
  }
  const source = readFileSync(bundle, 'utf8')
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  })
  const module = { exports: {} }
  const dir = `${root}out/cli`
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir)
  const keepCache = () => {
    if (cachedData && !script.cachedDataRejected) return
    try {
      // Written whole, then renamed: two commands ending at once never leave half a cache.
      const partial = `${codeCache}.${process.pid}`
      writeFileSync(partial, script.createCachedData())
      renameSync(partial, codeCache)
    } catch {
      // A folder this user cannot write (a system-wide install): the CLI runs as well, only compiles.
    }
  }
  return { main: module.exports.main, keepCache }
}

const { main, keepCache } = bundleIsCurrent()
  ? loadBundle()
  : await (async () => {
      const { register } = await import('tsx/esm/api')
      register({ tsconfig: `${root}tsconfig.json` })
      const { main } = await import('../src/cli/index.ts')
      return { main, keepCache: () => {} }
    })()
const code = await main(process.argv.slice(2))
keepCache()
process.exit(code)
