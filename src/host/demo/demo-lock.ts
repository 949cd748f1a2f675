import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fail } from '@shared/errors'
import { processAlive } from '../process-alive'
import { PRIVATE_FILE } from '../private-files'

/**
 * The demo project's data belongs to one process at a time: two writers on one journal would lose
 * writes. A lock left by a process that died is taken over. `whenBusy` says what to do otherwise.
 */
export function lockDemoData(file: string, whenBusy: string): () => void {
  mkdirSync(dirname(file), { recursive: true })
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE })
  } catch {
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10)
    if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
      fail('conflict', `The demo project is open in another Userdeck process (pid ${holder}). ${whenBusy}`)
    }
    writeFileSync(file, String(process.pid), { mode: PRIVATE_FILE })
  }
  return () => rmSync(file, { force: true })
}
