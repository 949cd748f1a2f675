import { chmodSync, mkdirSync } from 'node:fs'

/**
 * Everything under the data folder (journals, the audit log's before/after values, uploads that may
 * hold password hashes, reports, exports, logs, the registry) is for this OS user alone. Every folder
 * is created with PRIVATE_DIR and every file with PRIVATE_FILE, whatever the umask allows.
 */
export const PRIVATE_DIR = 0o700
export const PRIVATE_FILE = 0o600

/** Creates a folder (and its parents) private. An existing folder keeps its mode: see `makeDataDirPrivate`. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR })
}

/**
 * The data folder is made private on every start, not only when created: one made by hand, by an
 * older version or restored from a backup may be open to others, and its files with it.
 */
export function makeDataDirPrivate(dataDir: string): void {
  makePrivateDir(dataDir)
  chmodSync(dataDir, PRIVATE_DIR)
}
