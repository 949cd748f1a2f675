/**
 * The user browser's performance, each figure against a baseline measured in the same run:
 *  - a page of 100 users through the dispatcher with structured clone both ways (what Electron's IPC
 *    does) vs the same call made directly with node-appwrite, on a sandbox seeded with 100,000 users;
 *    the Chromium shell's bridge (Playwright bindings over CDP, a test transport) is reported beside it;
 *  - cross-project search over 8 projects with different latencies vs a direct search of the slowest;
 *  - the renderer's frame rate while scrolling through 10,000 loaded rows (requestAnimationFrame timing
 *    in headless Chromium, which may cap at the display rate).
 * Builds the renderer first when it is missing or stale. `BENCH_TINY=1`: a few rows, figures meaningless.
 * Last line: {"ipc_vs_direct": …, "cross_project_vs_slowest": …, "scroll_fps": …,
 *   "chromium_bridge_vs_direct": …, "seed_100k_ms": …}
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Query, Users } from 'node-appwrite'
import { createHost } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { openChromiumShell } from '../src/chromium/shell'
import { startSandbox, type RunningSandbox } from '../src/sandbox'
import { builtRenderer, log, median, requireChromium, runBench, sized } from './run-bench'

const SEED = sized(100_000, 2_000)
const PAGES = sized(60, 6)
/** Rows loaded by scrolling before the frame rate is measured. */
const LOADED = sized(10_000, 300)
const PROJECT_SEED = sized(2_000, 50)
const LATENCIES_MS = [10, 25, 40, 60, 80, 100, 130, 160]

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d

async function main() {
  await requireChromium()
  const rendererDir = builtRenderer()
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-'))
  const sandboxes: RunningSandbox[] = []
  let seeded = performance.now()
  const big = await startSandbox({ projectId: 'big', apiKey: 'big-key', seed: SEED, quiet: true })
  seeded = performance.now() - seeded
  sandboxes.push(big)
  log(`seeded ${SEED} users in ${Math.round(seeded)} ms`)

  const host = await createHost({ dataDir, shell: 'chromium', secrets: new MemorySecretStore(), demo: false })
  const add = async (name: string, url: string, projectId: string, key: string) => {
    const r = await host.dispatch('projects.add', { name, endpoint: url, projectId, key, tag: 'staging' })
    if (!r.ok) throw new Error(r.error.message)
    return (r.value as { id: string }).id
  }
  const bigRef = await add('Big', big.url, 'big', 'big-key')
  const shell = await openChromiumShell({ host, rendererDir })
  const page = shell.page
  try {
    // 1. A page of 100 users: through the bridge vs node-appwrite directly. Cursors spread through the set.
    const direct = new Users(new Client().setEndpoint(big.url).setProject('big').setKey('big-key'))
    const ids = (await direct.list({ queries: [Query.limit(5000)], total: false })).users.map((u) => u.$id)
    const cursors = Array.from({ length: PAGES }, (_, i) => ids[Math.floor((i * ids.length) / PAGES)]!)
    await page.waitForFunction(`typeof window.userdeck?.users?.list === 'function'`)
    for (const cursor of cursors.slice(0, 5)) {
      await direct.list({ queries: [Query.limit(100), Query.cursorAfter(cursor)] })
      await host.dispatch('users.list', { project: bigRef, limit: 100, cursor })
    }
    const viaIpc: number[] = []
    const viaBridge: number[] = []
    const viaDirect: number[] = []
    for (const cursor of cursors) {
      let t0 = performance.now()
      await direct.list({ queries: [Query.limit(100), Query.cursorAfter(cursor)] })
      viaDirect.push(performance.now() - t0)
      // What Electron's ipcRenderer.invoke does around the handler: structured clone both ways.
      t0 = performance.now()
      const input = structuredClone({ project: bigRef, limit: 100, cursor })
      const result = structuredClone(await host.dispatch('users.list', input))
      viaIpc.push(performance.now() - t0)
      if (!result.ok) throw new Error(result.error.message)
      const ms = (await page.evaluate(`(async () => {
        const t = performance.now()
        const r = await window.userdeck.users.list({ project: ${JSON.stringify(bigRef)}, limit: 100, cursor: ${JSON.stringify(cursor)} })
        if (!r.ok || r.value.users.length !== 100) throw new Error('bad page')
        return performance.now() - t
      })()`)) as number
      viaBridge.push(ms)
    }
    const ipcVsDirect = median(viaIpc) / median(viaDirect)
    const bridgeVsDirect = median(viaBridge) / median(viaDirect)
    log(
      `page of 100: dispatcher + structured clone ${round(median(viaIpc))} ms, Chromium-shell bridge ${round(median(viaBridge))} ms, direct node-appwrite ${round(median(viaDirect))} ms`,
    )

    // 2. Scroll fps through 10,000 loaded rows, in the real renderer.
    await page.getByTestId('users-scroller').waitFor()
    const loadStarted = performance.now()
    // Scroll to the end again and again, as a person flinging the list would, until LOADED are loaded.
    await page.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="users-scroller"]')
      const loaded = () => Number((/(\\d[\\d,]*) loaded/.exec(document.querySelector('[data-testid="users-count"]').textContent || '') || [])[1]?.replace(/,/g, '') ?? 0)
      const giveUp = Date.now() + 180000
      while (loaded() < ${LOADED}) {
        if (Date.now() > giveUp) throw new Error('${LOADED} rows did not load within 3 minutes')
        el.scrollTop = el.scrollHeight
        await new Promise((r) => setTimeout(r, 30))
      }
    })()`)
    log(`loaded ${LOADED} rows by scrolling in ${Math.round(performance.now() - loadStarted)} ms`)
    // Ten rows a frame, a fast fling, over nine tenths of them; fps from requestAnimationFrame timestamps.
    const fps = (await page.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="users-scroller"]')
      el.scrollTop = 0
      await new Promise((r) => requestAnimationFrame(r))
      const end = ${Math.floor(LOADED * 0.9)} * 40
      const frames = []
      return new Promise((resolve) => {
        const tick = (t) => {
          frames.push(t)
          el.scrollTop += 400
          if (el.scrollTop < end && frames.length < 600) requestAnimationFrame(tick)
          else resolve(((frames.length - 1) * 1000) / (frames[frames.length - 1] - frames[0]))
        }
        requestAnimationFrame(tick)
      })
    })()`)) as number
    log(`scrolling ${LOADED} rows: ${round(fps, 1)} fps`)

    // 3. Cross-project search over 8 projects with different latencies vs the slowest alone.
    const removed = await host.dispatch('projects.remove', { project: bigRef })
    if (!removed.ok) throw new Error(removed.error.message)
    const refs: string[] = []
    for (const [i, latencyMs] of LATENCIES_MS.entries()) {
      const s = await startSandbox({ projectId: `p${i}`, apiKey: `k${i}`, seed: PROJECT_SEED, quiet: true })
      sandboxes.push(s)
      refs.push(await add(`Project ${i}`, s.url, `p${i}`, `k${i}`))
      s.setFaults({ latencyMs })
    }
    const slowest = sandboxes.at(-1)!
    const slowestUsers = new Users(
      new Client()
        .setEndpoint(slowest.url)
        .setProject(`p${LATENCIES_MS.length - 1}`)
        .setKey(`k${LATENCIES_MS.length - 1}`),
    )
    const terms = ['anna', 'li', 'kenji', 'smith', 'gmail']
    const all: number[] = []
    const alone: number[] = []
    for (const search of terms) {
      let t0 = performance.now()
      await slowestUsers.list({ queries: [Query.limit(8)], search })
      alone.push(performance.now() - t0)
      t0 = performance.now()
      const r = await host.dispatch('users.searchAll', { searchId: search, search, perProject: 8 })
      all.push(performance.now() - t0)
      if (!r.ok) throw new Error(r.error.message)
    }
    const crossVsSlowest = median(all) / median(alone)
    log(`search ${refs.length} projects: ${round(median(all))} ms; slowest alone ${round(median(alone))} ms`)

    return {
      ipc_vs_direct: round(ipcVsDirect),
      cross_project_vs_slowest: round(crossVsSlowest),
      scroll_fps: round(fps, 1),
      chromium_bridge_vs_direct: round(bridgeVsDirect),
      seed_100k_ms: Math.round(seeded),
    }
  } finally {
    await shell.close()
    await host.close()
    for (const s of sandboxes) await s.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runBench('bench:browser', main)
