import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fail } from '@shared/errors'
import { PRIVATE_FILE } from '../private-files'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

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
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      fail('conflict', `The demo project is open in another Userdeck process (pid ${holder}). ${whenBusy}`)
    }
    writeFileSync(file, String(process.pid), { mode: PRIVATE_FILE })
  }
  return () => rmSync(file, { force: true })
}
