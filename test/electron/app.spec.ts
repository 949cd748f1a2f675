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

test('the Electron app enforces the same policy the unit tests check on its parts', async () => {
  const app = await electron.launch({
    executablePath: binary!,
    args: ['out/main/index.js'],
    env: { ...process.env, USERDECK_DATA_DIR: mkdtempSync(join(tmpdir(), 'userdeck-electron-')) },
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()

    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown>
      }
      return wc.getLastWebPreferences()
    })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
    expect(prefs.enableBlinkFeatures ?? '').toBe('')

    // The header from the app:// handler and the meta tag carry the same policy.
    const header = await app.evaluate(async ({ net }) =>
      (await net.fetch('app://userdeck/index.html')).headers.get('content-security-policy'),
    )
    const meta = await page.evaluate(
      () =>
        document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
    )
    expect(header).toContain("connect-src 'none'")
    expect(meta).toBe(header)
    expect(
      await app.evaluate(
        async ({ net }) => (await net.fetch('app://userdeck/..%2f..%2fpackage.json')).status,
      ),
    ).toBe(404)

    const inPage = await page.evaluate(async () => ({
      process: typeof (window as unknown as { process?: unknown }).process,
      require: typeof (window as unknown as { require?: unknown }).require,
      fetch: await fetch('https://example.com/').then(
        () => 'fetched',
        () => 'refused',
      ),
      notification: await Notification.requestPermission(),
      opened: window.open('https://example.com/') === null,
    }))
    expect(inPage).toEqual({
      process: 'undefined',
      require: 'undefined',
      fetch: 'refused',
      notification: 'denied',
      opened: true,
    })

    const before = page.url()
    await page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await page.waitForLoadState()
    expect(page.url()).toBe(before)
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
  } finally {
    await app.close()
  }
})
