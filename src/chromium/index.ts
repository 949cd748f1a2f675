/** `npm run start:chromium`: Userdeck without the Electron binary, in this machine's Chromium. */
import { existsSync } from 'node:fs'
import { createHost, defaultDataDir } from '../host'
import { defaultRendererDir, openChromiumShell } from './shell'

async function main(): Promise<void> {
  const headless = process.argv.includes('--headless')
  if (!headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('No display: run this from a desktop session, or pass --headless (useful only to scripts).')
    process.exit(1)
  }
  if (!existsSync(defaultRendererDir)) {
    console.error(
      'The renderer is not built yet: run `npm run build` first (start:chromium does it for you).',
    )
    process.exit(1)
  }
  const dataDir = defaultDataDir()
  const host = await createHost({ dataDir, shell: 'chromium' })
  const shell = await openChromiumShell({ host, headless })
  if (shell.unsandboxed) console.warn(shell.unsandboxed)
  console.log(
    `Userdeck is open in Chromium. Data folder: ${dataDir}. Close the window or press Ctrl-C to quit.`,
  )
  const quit = async () => {
    await shell.close().catch(() => undefined)
    await host.close()
    process.exit(0)
  }
  shell.page.on('close', () => void quit())
  process.on('SIGINT', () => void quit())
  process.on('SIGTERM', () => void quit())
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
