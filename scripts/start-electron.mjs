// `npm start`: builds and launches the Electron app. Electron 42+ fetches its binary on first run;
// where that cannot happen (no network, a blocked host) this says so plainly instead of a stack trace.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { electronBinary } from './electron-binary.mjs'

let { pkgDir, path } = electronBinary()
if (!path && process.env.USERDECK_NO_ELECTRON_DOWNLOAD !== '1') {
  console.log('Fetching the Electron binary (first run only)…')
  spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 })
  path = electronBinary().path
}
if (!path) {
  console.error(`
Userdeck could not start: the Electron binary is not installed and could not be downloaded.
Electron fetches its binary from the internet the first time it runs, and that did not work on this
machine (no network, a proxy, or a firewall blocking the download). Either allow the download and run
\`npm start\` again (behind a proxy, set HTTPS_PROXY; with a mirror, set ELECTRON_MIRROR), or run
Userdeck in this machine's Chromium instead, with the same features and data:

    npm run start:chromium
`)
  process.exit(1)
}
const result = spawnSync('npx', ['electron-vite', 'preview'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(result.status ?? 1)
