/**
 * How fast the window opens, in the browser shell, against a baseline measured in the same run:
 *  - opening a page of the app (a new tab: the bridge, the renderer's first load, the demo project's
 *    first page of users) until the first row of users is on screen;
 *  - opening a blank page in a new tab of the same Chromium until its load event;
 * each the median of several runs, after one of each to warm up. Also the JavaScript the first load
 * fetched (minified, not gzipped, as served), from the responses the page actually received.
 * Builds the renderer first when it is missing or stale. `BENCH_TINY=1`: two runs, figures meaningless.
 * Last line: {"first_row_ms": …, "blank_page_ms": …, "first_row_vs_blank": …, "initial_js_kb": …}
 * (kB: 1,000 bytes).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { createHost } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { openChromiumShell } from '../src/chromium/shell'
import { builtRenderer, log, median, requireChromium, runBench, sized } from './run-bench'

const RUNS = sized(9, 2)
const BLANK_URL = 'http://blank.localhost/'
/** The users table's first data row (the header is row 1). */
const FIRST_ROW = '[role=row][aria-rowindex="2"]'

/**
 * Runs in every app page before its scripts: notes the wall-clock time the first row appears, so the
 * figure does not include how often the bench looks.
 */
const stampFirstRow = `(() => {
  const seen = () => {
    if (window.__firstRowAt || !document.querySelector(${JSON.stringify(FIRST_ROW)})) return
    window.__firstRowAt = Date.now()
    observer.disconnect()
  }
  const observer = new MutationObserver(seen)
  observer.observe(document, { childList: true, subtree: true, attributes: true })
})()`

async function main() {
  await requireChromium()
  const rendererDir = builtRenderer()
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-startup-'))
  const host = await createHost({ dataDir, shell: 'chromium', secrets: new MemorySecretStore() })
  const shell = await openChromiumShell({ host, rendererDir })
  try {
    await shell.context.addInitScript(stampFirstRow)
    // The first page of the shell seeds the demo project; the runs below open the app as a window would.
    await shell.page.locator(FIRST_ROW).waitFor({ timeout: 120_000 })

    const firstRow: number[] = []
    const initialJs: number[] = []
    for (let run = 0; run <= RUNS; run++) {
      const js: Promise<number>[] = []
      const count = (page: Page) =>
        page.on('response', (r) => {
          if (r.url().endsWith('.js')) js.push(r.body().then((b) => b.length))
        })
      shell.context.once('page', count)
      const started = Date.now()
      const page = await shell.openPage()
      const at = (await (
        await page.waitForFunction(() => (globalThis as { __firstRowAt?: number }).__firstRowAt, null, {
          timeout: 120_000,
        })
      ).jsonValue()) as number
      const bytes = (await Promise.all(js)).reduce((a, b) => a + b, 0)
      await page.close()
      if (run === 0) continue // warm-up
      firstRow.push(at - started)
      initialJs.push(bytes)
    }

    const blank: number[] = []
    const context = await shell.browser.newContext()
    await context.route(BLANK_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
    )
    for (let run = 0; run <= RUNS; run++) {
      const started = Date.now()
      const page = await context.newPage()
      await page.goto(BLANK_URL, { waitUntil: 'load' })
      const ms = Date.now() - started
      await page.close()
      if (run > 0) blank.push(ms)
    }
    await context.close()

    const firstRowMs = median(firstRow)
    const blankMs = median(blank)
    log(`first row of users: ${firstRow.join(', ')} ms (median ${firstRowMs})`)
    log(`blank page to load: ${blank.join(', ')} ms (median ${blankMs})`)
    return {
      first_row_ms: firstRowMs,
      blank_page_ms: blankMs,
      first_row_vs_blank: Math.round((firstRowMs / blankMs) * 100) / 100,
      initial_js_kb: Math.round(median(initialJs) / 1000),
    }
  } finally {
    await shell.close()
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runBench('bench:startup', main)
