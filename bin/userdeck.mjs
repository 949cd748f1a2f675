#!/usr/bin/env node
// Runs the CLI from its bundle (out/cli, built by `npm ci` through the `prepare` script, or by
// `npm run build:cli`), which starts without compiling anything. Where there is no bundle, or a
// source it was built from has changed since, it runs the TypeScript sources through tsx instead.
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('../', import.meta.url)
const bundle = fileURLToPath(new URL('out/cli/userdeck.mjs', root))

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs
    const sources = JSON.parse(readFileSync(new URL('out/cli/sources.json', root), 'utf8'))
    // A source that is gone (a package without src/) cannot be newer than the bundle.
    return sources.every(
      (source) => (statSync(new URL(source, root), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= built,
    )
  } catch {
    return false
  }
}

if (bundleIsCurrent()) {
  await import(bundle)
} else {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) })
  await import('../src/cli/index.ts')
}
