// `npm run start:chromium`: Userdeck in this machine's Chromium. The display is checked before the
// build, so a person on a machine without one hears so at once rather than after seconds of building.
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
const headless = args.includes('--headless')
if (!headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('No display: run this from a desktop session, or pass --headless (useful only to scripts).')
  process.exit(1)
}

const run = (cmd, cmdArgs) =>
  spawnSync(cmd, cmdArgs, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1

const built = run('npx', ['electron-vite', 'build'])
if (built !== 0) process.exit(built)
process.exit(run('npx', ['tsx', 'src/chromium/index.ts', ...args]))
