import { existsSync } from 'node:fs'
import type { LaunchOptions } from 'playwright-core'

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
const QUIET_ARGS = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
]

export interface ChromiumLaunch {
  options: LaunchOptions
  /** Why Chromium runs without its OS sandbox, or null when it has it. */
  unsandboxed: string | null
}

/** How to start Chromium for the shell; `env` and `uid` are this process's unless a test says otherwise. */
export function chromiumLaunch(
  headless: boolean,
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): ChromiumLaunch {
  const executablePath = findChromium(env)
  // Playwright turns Chromium's OS sandbox off unless told otherwise. It stays on, except as root,
  // where Chromium refuses to start with it (CI containers run as root).
  const root = uid === 0
  return {
    options: {
      headless,
      args: QUIET_ARGS,
      chromiumSandbox: !root,
      ...(executablePath ? { executablePath } : {}),
    },
    unsandboxed: root
      ? 'Running as root, so Chromium runs without its OS sandbox. Run Userdeck as a normal user to keep it.'
      : null,
  }
}
