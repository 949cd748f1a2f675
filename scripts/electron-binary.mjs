// Where the Electron binary is, without triggering electron's own download (requiring the `electron`
// package does that, and prints a stack when it fails).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

export function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(pkgDir, 'path.txt')
  if (!existsSync(pathFile)) return { pkgDir, path: null }
  const path = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  )
  return { pkgDir, path: existsSync(path) ? path : null }
}
