import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** The folders this test file made; each file loads this module afresh. */
const made: string[] = []

// Registered as the file loads, not per folder: most folders are made inside a test, and a hook asked
// for there is never called, which left every such folder behind. After hooks run last-registered
// first, so the file's own (a host closed on its folder) run before this.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh folder for this test file, removed when the file's tests end. */
export function tempDir(prefix = 'userdeck-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}
