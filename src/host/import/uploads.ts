import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { fail } from '@shared/errors'
import { UPLOAD_MAX_BYTES } from '@shared/contract/import'
import { PRIVATE_FILE, makePrivateDir } from '../private-files'

const UPLOAD_KEEP_MS = 30 * 24 * 60 * 60 * 1000
/**
 * The most the uploads kept here may announce at once: two of the largest files. Each upload holds
 * its announced size from its start, so a page that starts upload after upload is refused here rather
 * than filling the disk.
 */
export const UPLOADS_HOLD_MAX_BYTES = 2 * UPLOAD_MAX_BYTES

interface UploadMeta {
  name: string
  size: number
}

/**
 * Files the renderer hands over in chunks (the Chromium shell cannot give main a path). Each upload is
 * a file under `<dataDir>/imports/uploads/`; it stays there for a month so an interrupted import can
 * be resumed from the same bytes.
 */
export class UploadStore {
  private readonly root: string

  constructor(dataDir: string, now = Date.now()) {
    this.root = join(dataDir, 'imports', 'uploads')
    makePrivateDir(this.root)
    this.prune(now)
  }

  /** Uploads a month old are gone: long enough to resume any interrupted import, short of filling the disk. */
  private prune(now: number): void {
    for (const name of readdirSync(this.root)) {
      const path = join(this.root, name)
      if (now - statSync(path).mtimeMs > UPLOAD_KEEP_MS) rmSync(path, { force: true })
    }
  }

  begin(name: string, size: number): string {
    const held = this.held()
    if (held + size > UPLOADS_HOLD_MAX_BYTES) {
      fail(
        'invalid_input',
        `Uploads kept for imports already take ${gigabytes(held)} of the ${gigabytes(UPLOADS_HOLD_MAX_BYTES)} they may hold at once, and this file needs ${gigabytes(size)}. Remove old uploads from imports/uploads in the data folder, or wait until they expire (a month after their import).`,
        { field: 'size' },
      )
    }
    const id = randomBytes(16).toString('hex')
    writeFileSync(this.metaPath(id), JSON.stringify({ name, size } satisfies UploadMeta), {
      mode: PRIVATE_FILE,
    })
    writeFileSync(this.dataPath(id), '', { mode: PRIVATE_FILE })
    return id
  }

  /** Appends one chunk; chunks must arrive in order, and a repeated chunk (a retried call) is ignored. */
  chunk(id: string, offset: number, base64: string): number {
    const meta = this.meta(id)
    const received = statSync(this.dataPath(id)).size
    const bytes = Buffer.from(base64, 'base64')
    if (offset + bytes.length <= received) return received
    if (offset !== received)
      fail('conflict', `The upload expected the chunk at byte ${received}, not ${offset}. Send it again.`)
    if (received + bytes.length > meta.size)
      fail('invalid_input', 'The upload is larger than the size it announced.')
    appendFileSync(this.dataPath(id), bytes, { mode: PRIVATE_FILE })
    return received + bytes.length
  }

  /** What the uploads kept here announced, complete or not: each holds that much once it is done. */
  private held(): number {
    let total = 0
    for (const file of readdirSync(this.root)) {
      if (!file.endsWith('.json')) continue
      try {
        total += (JSON.parse(readFileSync(join(this.root, file), 'utf8')) as UploadMeta).size
      } catch {
        // A description cut short by a crash: its upload cannot be resumed or read, so it is not counted.
      }
    }
    return total
  }

  name(id: string): string {
    return this.meta(id).name
  }

  /** The uploaded file, once every byte has arrived. */
  path(id: string): string {
    const meta = this.meta(id)
    const received = statSync(this.dataPath(id)).size
    if (received !== meta.size)
      fail(
        'invalid_input',
        `The upload is incomplete (${received} of ${meta.size} bytes). Choose the file again.`,
      )
    return this.dataPath(id)
  }

  private meta(id: string): UploadMeta {
    if (!/^[a-f0-9]{32}$/.test(id) || !existsSync(this.metaPath(id)))
      fail('not_found', 'That upload is gone. Choose the file again.')
    return JSON.parse(readFileSync(this.metaPath(id), 'utf8')) as UploadMeta
  }

  private metaPath(id: string): string {
    return join(this.root, `${id}.json`)
  }

  private dataPath(id: string): string {
    return join(this.root, `${id}.data`)
  }
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}
