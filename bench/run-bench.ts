/**
 * What every benchmark shares: how it ends, its tiny mode, and building what it opens.
 *
 * A bench ends in one of two ways: its figures as one JSON object on the last line of stdout (exit 0),
 * or one line on stderr saying why it could not run (exit 1). It never ends silently, not even when
 * something it waited on never happened and the event loop ran dry.
 *
 * `BENCH_TINY=1` runs it with a few rows, in seconds: the bench smoke test uses it to keep every bench
 * runnable. Its figures mean nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { findChromium } from '../src/chromium/find-chromium'

export const ROOT = join(import.meta.dirname, '..')
export const TINY = process.env.BENCH_TINY === '1'

/** `full` normally, `tiny` in tiny mode. */
export const sized = (full: number, tiny: number): number => (TINY ? tiny : full)

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Progress for people, on stderr, so stdout's last line stays the figures. */
export const log = (line: string): void => void process.stderr.write(`${line}\n`)

/** Runs a bench's `main` and ends the process the one way or the other (see above). */
export function runBench(name: string, main: () => Promise<Record<string, unknown>>): void {
  let ended = false
  process.on('exit', (code) => {
    if (ended || code !== 0) return
    process.stderr.write(`${name}: stopped before its figures: something it waited for never happened\n`)
    process.exitCode = 1
  })
  main().then(
    (figures) => {
      ended = true
      process.stdout.write(`${JSON.stringify(figures)}\n`)
      // Playwright, child processes or sockets left open must not keep a finished bench alive.
      process.exit(0)
    },
    (err: unknown) => {
      ended = true
      const message = err instanceof Error ? err.message : String(err)
      process.stderr.write(`${name}: cannot run: ${message.split('\n')[0]}\n`)
      process.exit(1)
    },
  )
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestIn(join(path, name))))
}

/** What the renderer is built from: sources newer than the build mean it is stale. */
const RENDERER_INPUTS = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package-lock.json']

/**
 * The built renderer's folder, building it first when it is missing or older than its sources.
 * `USERDECK_RENDERER_DIR` names a folder someone else built: it is used as it is.
 */
export function builtRenderer(): string {
  const given = process.env.USERDECK_RENDERER_DIR
  if (given) {
    if (!existsSync(join(given, 'index.html')))
      throw new Error(`USERDECK_RENDERER_DIR=${given} holds no built renderer (no index.html).`)
    return given
  }
  const dir = join(ROOT, 'out', 'renderer')
  const built = newestIn(join(dir, 'index.html'))
  if (built > 0 && built >= Math.max(...RENDERER_INPUTS.map((p) => newestIn(join(ROOT, p))))) return dir
  log(built > 0 ? 'The renderer is older than its sources: building it…' : 'Building the renderer…')
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
    shell: process.platform === 'win32',
  })
  if (build.status !== 0) throw new Error('`electron-vite build` failed; its output is above.')
  return dir
}

/** Says, before anything starts, that no browser is there to open the renderer in. */
export async function requireChromium(): Promise<void> {
  if (findChromium()) return
  // Loaded only here: playwright-core is some 60 MB of memory in every process that imports this file.
  const { chromium } = await import('playwright-core')
  if (existsSync(chromium.executablePath())) return
  throw new Error(
    'no Chromium found: install chromium (Debian: apt-get install chromium), set CHROMIUM_PATH, or run `npx playwright install chromium`.',
  )
}
