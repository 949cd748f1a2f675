#!/usr/bin/env node
// Runs the CLI from its bundle (out/cli, built by `npm ci` through the `prepare` script, or by
// `npm run build:cli`), which starts without compiling anything. Where there is no bundle, or a
// source it was built from has changed since, it runs the TypeScript sources through tsx instead.
import module from 'node:module'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'

// Node 22.1 and later can keep V8's compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.()

// undici parses HTTP with a WebAssembly module that V8 also compiles with its optimising compiler,
// on background threads that the process waits for when it exits: a command that made one request
// spent about 170 ms of its 520 ending (Node 20, `npm run bench:cli`). V8's baseline code alone is
// as fast for this: over 30,000 requests to the sandbox, undici's CPU per request was the same within
// the noise (94–100 µs against 91–107). Set before anything loads undici.
setFlagsFromString('--liftoff-only')

const root = fileURLToPath(new URL('../', import.meta.url))
const bundle = `${root}out/cli/userdeck.mjs`

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

if (bundleIsCurrent()) {
  // A URL, not a path: Windows paths are not valid import specifiers.
  await import(pathToFileURL(bundle).href)
} else {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: `${root}tsconfig.json` })
  await import('../src/cli/index.ts')
}
