#!/usr/bin/env node
// Runs the CLI from its bundle (out/cli, built by `npm ci` through the `prepare` script, or by
// `npm run build:cli`), which starts without compiling anything. Where there is no bundle, or a
// source it was built from has changed since, it runs the TypeScript sources through tsx instead.
import module from 'node:module'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

// Node 22.1 and later can keep V8's compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.()

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
