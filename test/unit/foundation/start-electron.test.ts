import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { electronBinary } from '../../../scripts/electron-binary.mjs'

const installed = electronBinary().path !== null

describe('npm start', () => {
  it.skipIf(installed)(
    'says plainly what to do when the Electron binary is missing, and exits non-zero',
    () => {
      const run = spawnSync(process.execPath, ['scripts/start-electron.mjs'], {
        encoding: 'utf8',
        env: { ...process.env, USERDECK_NO_ELECTRON_DOWNLOAD: '1' },
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('Electron binary is not installed')
      expect(run.stderr).toContain('npm run start:chromium')
      expect(run.stderr).not.toMatch(/\n\s+at /) // no stack trace
    },
  )
})

describe('npm run start:chromium', () => {
  it.skipIf(process.platform !== 'linux')('says there is no display before building anything', () => {
    const env = { ...process.env }
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    const run = spawnSync(process.execPath, ['scripts/start-chromium.mjs'], { encoding: 'utf8', env })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('No display')
    // Nothing was built: the build would have printed electron-vite's own lines.
    expect(run.stdout).not.toContain('vite')
  })
})
