import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { KeySet } from './fingerprint-table'
import { Journal } from './journal'
import { lines } from './lines'
import { RETRY_KEYS_FILE, SNAPSHOT_FILE } from './row-source'
import { StreamedPrivateFile } from '../private-files'

/**
 * Gives a new job (folder `to`) exactly the rows a finished job (folder `from`) failed: their keys,
 * and for a kind that snapshots its rows, those rows as the first job saw them, so the retry acts on
 * the same users even where the query that chose them would now answer otherwise. Answers how many.
 */
export function writeRetryRows(from: string, to: string): number {
  const failed = new KeySet()
  const ended = new KeySet()
  writeWhole(join(to, RETRY_KEYS_FILE), (add) => {
    // A row's first end is its outcome: a resumed run never ends a row twice, but an older journal may.
    for (const line of Journal.lines(join(from, 'journal.jsonl'))) {
      if (line.phase !== 'end' || !line.outcome || !ended.add(line.key)) continue
      if (line.outcome === 'failed' && failed.add(line.key)) add(JSON.stringify(line.key))
    }
  })
  const snapshot = join(from, SNAPSHOT_FILE)
  if (existsSync(snapshot))
    writeWhole(join(to, SNAPSHOT_FILE), (add) => {
      for (const line of lines(snapshot)) if (failed.has((JSON.parse(line) as { key: string }).key)) add(line)
    })
  return failed.size
}

/** Writes the lines `fill` adds to a file that appears whole, or not at all. */
function writeWhole(file: string, fill: (add: (line: string) => void) => void): void {
  const out = new StreamedPrivateFile(file)
  try {
    fill((line) => out.write(`${line}\n`))
    out.commit()
  } catch (err) {
    out.abandon()
    throw err
  }
}
