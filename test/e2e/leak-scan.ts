/**
 * Proof that a secret never reached the renderer or the disk: every place a key could leak to is
 * read and searched. Record IPC and events before driving the app (`recordDispatch`, `recordEvents`), then `findSecret` after.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { Host } from '../../src/host/host'

/** Wraps the host's dispatcher so every result that goes back to the page is kept for the scan. */
export function recordDispatch(host: Host): unknown[] {
  const results: unknown[] = []
  const dispatch = host.dispatch
  ;(host as { dispatch: Host['dispatch'] }).dispatch = async (channel, input) => {
    const result = await dispatch(channel, input)
    results.push({ channel, result })
    return result
  }
  return results
}

/** Every event payload the host sends to a shell, kept for the scan (the shell itself keeps none). */
export function recordEvents(host: Host): unknown[] {
  const payloads: unknown[] = []
  host.events.subscribe((_event, payload) => payloads.push(payload))
  return payloads
}

function filesUnder(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** What the page holds: its markup, field values, storage, cookies and every IndexedDB record. */
async function pageState(page: Page): Promise<Record<string, string>> {
  const inPage = await page.evaluate(async () => {
    const storage = (s: Storage) =>
      Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]))
    const databases = await indexedDB.databases()
    const records: unknown[] = []
    for (const info of databases) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!)
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      for (const store of Array.from(db.objectStoreNames)) {
        records.push(
          await new Promise((resolve) => {
            const all = db.transaction(store).objectStore(store).getAll()
            all.onsuccess = () => resolve({ store, rows: all.result })
            all.onerror = () => resolve({ store, error: String(all.error) })
          }),
        )
      }
      db.close()
    }
    return {
      values: Array.from(document.querySelectorAll('input, textarea, select')).map(
        (e) => (e as HTMLInputElement).value,
      ),
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: { names: databases.map((d) => d.name), records },
      title: document.title,
    }
  })
  return {
    dom: await page.content(),
    'form values': JSON.stringify(inPage.values),
    localStorage: JSON.stringify(inPage.localStorage),
    sessionStorage: JSON.stringify(inPage.sessionStorage),
    indexedDB: JSON.stringify(inPage.indexedDB),
    cookies: JSON.stringify(await page.context().cookies()),
    title: inPage.title,
  }
}

export interface LeakScanSources {
  page: Page
  /** From `recordDispatch`: every result the page received. */
  ipcResults: unknown[]
  /** From `recordEvents`: every event payload sent to the page. */
  events: unknown[]
  /** Every file under it is read (the registry, journals, audit log, logs…). */
  dataDir: string
  /** Anything else to search: an export's text, a log file kept elsewhere. */
  extra?: Record<string, string>
}

/**
 * Where the secret (or its base64 or URL-encoded form) was found; an empty list means nowhere. The
 * secret itself is never printed: places are named, not quoted.
 */
export async function findSecret(secret: string, sources: LeakScanSources): Promise<string[]> {
  const forms = [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]
  const haystacks: Record<string, string> = {
    ...(await pageState(sources.page)),
    'IPC results': JSON.stringify(sources.ipcResults),
    'events sent to the renderer': JSON.stringify(sources.events),
    ...sources.extra,
  }
  for (const file of filesUnder(sources.dataDir)) haystacks[`file ${file}`] = readFileSync(file, 'latin1')
  return Object.entries(haystacks)
    .filter(([, text]) => forms.some((form) => text.includes(form)))
    .map(([place]) => place)
}

/** How many places were searched, so a test can show the scan was not empty-handed. */
export function filesScanned(dataDir: string): string[] {
  return filesUnder(dataDir)
}
