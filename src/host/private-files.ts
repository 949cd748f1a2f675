import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

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

/**
 * Writes one of Userdeck's JSON files whole, then renames it into place: a crash leaves the old file
 * or the new one, never half of one. The temporary name carries the pid, as the window and the CLI
 * may write the same file at once.
 */
export function writePrivateJson(file: string, body: unknown): void {
  makePrivateDir(dirname(file))
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: PRIVATE_FILE })
  renameSync(tmp, file)
}

/** Characters a streamed file gathers before each write call: one call per line cost more than the lines. */
const FLUSH_CHARS = 64 * 1024

/**
 * One of Userdeck's files written as it streams (a million rows' snapshot, report or keys is never held
 * whole) that appears whole or not at all: it is written under a temporary name and renamed into place
 * by `commit`; `abandon` removes it and leaves whatever file was in place. The temporary name is this
 * writer's alone, as two saves of one report, or the window and the CLI, may write one file at once.
 */
export class StreamedPrivateFile {
  private readonly tmp: string
  private fd: number | null
  private buffered: string[] = []
  private bufferedChars = 0

  constructor(private readonly file: string) {
    this.tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    this.fd = openSync(this.tmp, 'w', PRIVATE_FILE)
  }

  write(text: string): void {
    this.buffered.push(text)
    this.bufferedChars += text.length
    if (this.bufferedChars >= FLUSH_CHARS) this.flush()
  }

  /** Everything written so far, renamed into place. */
  commit(): void {
    this.flush()
    this.close()
    renameSync(this.tmp, this.file)
  }

  /** After a failure: the temporary file goes, and the file in place (if any) stays as it was. */
  abandon(): void {
    this.close()
    rmSync(this.tmp, { force: true })
  }

  private flush(): void {
    if (this.buffered.length === 0 || this.fd === null) return
    writeSync(this.fd, this.buffered.join(''))
    this.buffered = []
    this.bufferedChars = 0
  }

  private close(): void {
    if (this.fd === null) return
    const fd = this.fd
    this.fd = null
    closeSync(fd)
  }
}

/**
 * One of Userdeck's JSON files, read by `shape`, which throws for what it does not recognise; null when
 * there is none (or it cannot be read). A damaged one (cut short by a disk, edited by hand) must not
 * stop the app from opening, nor be written over: it is renamed aside, `<name>.damaged-<ms>`, for the
 * person to recover, `setAside` is told where it went (see `KeptAside`), and it is read as absent.
 */
export function readPrivateJson<T>(
  file: string,
  shape: (stored: unknown) => T,
  setAside: (keptAs: string) => void,
): T | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    return shape(JSON.parse(text))
  } catch {
    const keptAs = `${file}.damaged-${Date.now()}`
    renameSync(file, keptAs)
    setAside(keptAs)
    return null
  }
}
