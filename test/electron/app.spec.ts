import { test, expect, _electron as electron } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { electronBinary } from '../../scripts/electron-binary.mjs'

const binary = electronBinary().path

test.skip(
  !binary,
  'The Electron binary is not installed on this machine (it cannot be downloaded here); the Chromium shell suites cover the app.',
)

test('the Electron window is hardened and shows the demo users', async () => {
  const app = await electron.launch({
    executablePath: binary!,
    args: ['out/main/index.js'],
    env: { ...process.env, USERDECK_DATA_DIR: mkdtempSync(join(tmpdir(), 'userdeck-electron-')) },
  })
  try {
    const page = await app.firstWindow()
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // Present at run time though missing from this Electron's typings.
      const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): object
      }
      return wc.getLastWebPreferences()
    })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    )
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
    expect(await page.evaluate(() => window.open('https://example.com'))).toBeNull()
  } finally {
    await app.close()
  }
})
