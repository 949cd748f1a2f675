/**
 * The browser shell runs Chromium inside its OS sandbox unless the process is root (where Chromium
 * refuses to start sandboxed). Checked on what Chromium is actually started with: the executable is a
 * wrapper that writes down its arguments, then starts the real Chromium.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumLaunch, findChromium } from '../../../src/chromium/find-chromium'
import { tempDir } from '../helpers/temp-dir'

const real = findChromium()

/** Launches through a recording wrapper as a process with this uid would, and returns Chromium's argv. */
async function argvWhenRunAs(uid: number): Promise<{ argv: string[]; unsandboxed: string | null }> {
  const dir = tempDir()
  const wrapper = join(dir, 'chromium')
  const argvFile = join(dir, 'argv')
  // This test machine may itself be root: the wrapper then adds what Chromium needs to start at all,
  // after writing down what the shell asked for.
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\n` +
      `if [ "$(id -u)" = 0 ]; then exec '${real}' "$@" --no-sandbox; else exec '${real}' "$@"; fi\n`,
  )
  chmodSync(wrapper, 0o755)
  const launch = chromiumLaunch(true, { CHROMIUM_PATH: wrapper }, uid)
  const browser = await chromium.launch(launch.options)
  await browser.close()
  return { argv: readFileSync(argvFile, 'utf8').split('\n'), unsandboxed: launch.unsandboxed }
}

describe.skipIf(process.platform === 'win32' || !real)('the Chromium shell and the OS sandbox', () => {
  it('a normal user gets Chromium with its sandbox on', async () => {
    const { argv, unsandboxed } = await argvWhenRunAs(1000)
    expect(argv).toContain('--headless')
    expect(argv).not.toContain('--no-sandbox')
    expect(unsandboxed).toBeNull()
  })

  it('root gets it off, and is told why', async () => {
    const { argv, unsandboxed } = await argvWhenRunAs(0)
    expect(argv).toContain('--no-sandbox')
    expect(unsandboxed).toMatch(/root/)
  })
})
