import { existsSync } from 'node:fs'

const candidates: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
}

/**
 * A Chromium on this machine: `CHROMIUM_PATH` first, then the usual places. Undefined means "let
 * Playwright use its own", which exists only after `npx playwright install chromium`.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH
  return (candidates[process.platform] ?? []).find((p) => existsSync(p))
}

/** Flags for a quiet Chromium: no background calls home (the renderer has no network anyway). */
export function chromiumArgs(): string[] {
  const args = [
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-default-apps',
  ]
  // Chromium refuses to run as root with its sandbox on (CI containers run as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  return args
}
