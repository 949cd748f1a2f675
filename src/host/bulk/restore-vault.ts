import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Models } from 'node-appwrite'
import { fail } from '@shared/errors'
import type { RestoreInfo } from '@shared/models/bulk'
import { lines } from '../jobs/lines'
import type { SecretStore } from '../projects/secret-store'

/** How long a deleted user's restore copy is kept before it is removed for good. */
export const RESTORE_KEEP_DAYS = 30
const DAY_MS = 24 * 3600 * 1000
const ALGORITHM = 'aes-256-gcm'

/** Everything about a deleted user that Appwrite lets Userdeck put back, password hash included. */
export interface RestoreCopy {
  id: string
  email: string | null
  phone: string | null
  name: string
  /** The stored hash, its algorithm and options, exactly as Appwrite holds them; null for no password. */
  password: string | null
  hash: string | null
  hashOptions: Record<string, unknown> | null
  labels: string[]
  prefs: Record<string, unknown>
  emailVerification: boolean
  phoneVerification: boolean
  status: boolean
  registration: string
  deletedAt: string
}

/**
 * A job's copy file: a first line saying when it was started (its copies are removed RESTORE_KEEP_DAYS
 * after), then one line per copy with the user id in the clear (the journal holds it too), the rest sealed.
 */
interface FileHeader {
  startedAt: string
}

interface SealedLine {
  id: string
  iv: string
  tag: string
  data: string
}

export function copyOf(user: Models.User<Models.Preferences>): RestoreCopy {
  return {
    id: user.$id,
    email: user.email || null,
    phone: user.phone || null,
    name: user.name,
    password: user.password || null,
    hash: user.password ? (user.hash ?? null) : null,
    hashOptions: user.password ? ((user.hashOptions as Record<string, unknown> | undefined) ?? null) : null,
    labels: [...user.labels],
    prefs: { ...(user.prefs as Record<string, unknown>) },
    emailVerification: user.emailVerification,
    phoneVerification: user.phoneVerification,
    status: user.status,
    registration: user.registration,
    deletedAt: new Date().toISOString(),
  }
}

/**
 * Restore copies of deleted users, one file per delete job under `<dataDir>/restore/`. They hold
 * password hashes, so each copy is sealed with AES-256-GCM under a key that lives only in the OS
 * keychain (one key per data folder): the files alone give nothing away. Files are 0600 and are
 * removed RESTORE_KEEP_DAYS after the job wrote them. With no keychain there is no vault at all:
 * a key held in memory would die with the process and take the copies with it.
 */
export class RestoreVault {
  private readonly dir: string
  private readonly account: string
  private key: Promise<Buffer> | null = null
  /** Ids with a copy per job, read from the file once per process. */
  private readonly kept = new Map<string, Set<string>>()

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
  ) {
    this.dir = join(dataDir, 'restore')
    // One key per data folder: two data folders on one machine share the keychain, not their key.
    this.account = `restore-copies:${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`
  }

  /** Whether copies can be kept: only with a keychain to hold their key. */
  async available(): Promise<boolean> {
    await this.secrets.ready()
    return this.secrets.kind === 'keychain'
  }

  fileOf(jobId: string): string {
    return join(this.dir, `${jobId}.jsonl`)
  }

  /** Seals one copy and appends it to the job's file before the user is deleted. */
  async keep(jobId: string, copy: RestoreCopy): Promise<void> {
    const key = await this.keyFor(true)
    const iv = randomBytes(12)
    const cipher = createCipheriv(ALGORITHM, key, iv)
    cipher.setAAD(Buffer.from(`${jobId}/${copy.id}`))
    const data = Buffer.concat([cipher.update(JSON.stringify(copy), 'utf8'), cipher.final()])
    const line: SealedLine = {
      id: copy.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    }
    const file = this.fileOf(jobId)
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const header: FileHeader = { startedAt: new Date().toISOString() }
    const first = existsSync(file) ? '' : JSON.stringify(header) + '\n'
    // A line is one write; a crash cuts at most the last one, which `lines` then skips.
    appendFileSync(file, first + JSON.stringify(line) + '\n', { mode: 0o600 })
    this.idsOf(jobId).add(copy.id)
  }

  has(jobId: string, userId: string): boolean {
    return this.idsOf(jobId).has(userId)
  }

  /** The job's copies in the order they were kept, each once (a retried row may have written it twice). */
  async *read(jobId: string, only?: ReadonlySet<string>): AsyncGenerator<RestoreCopy> {
    const file = this.fileOf(jobId)
    if (!existsSync(file)) return
    const key = await this.keyFor(false)
    const seen = new Set<string>()
    for (const raw of lines(file)) {
      let line: SealedLine
      try {
        line = JSON.parse(raw) as SealedLine
      } catch {
        continue // cut short by a crash before its user was deleted
      }
      if (!line.id || seen.has(line.id) || (only && !only.has(line.id))) continue
      seen.add(line.id)
      yield this.open(jobId, line, key)
    }
  }

  info(jobId: string): RestoreInfo {
    const file = this.fileOf(jobId)
    const started = startedAt(file)
    if (started === null) return { kept: 0, expiresAt: null, path: null }
    return {
      kept: this.idsOf(jobId).size,
      expiresAt: new Date(started + RESTORE_KEEP_DAYS * DAY_MS).toISOString(),
      path: file,
    }
  }

  /** Removes the copies of jobs older than RESTORE_KEEP_DAYS. */
  purge(now = Date.now()): string[] {
    if (!existsSync(this.dir)) return []
    const removed: string[] = []
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name)
      const started = startedAt(file) ?? statSync(file).mtimeMs
      if (now - started < RESTORE_KEEP_DAYS * DAY_MS) continue
      rmSync(file, { force: true })
      this.kept.delete(name.replace(/\.jsonl$/, ''))
      removed.push(name)
    }
    return removed
  }

  private open(jobId: string, line: SealedLine, key: Buffer): RestoreCopy {
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(line.iv, 'base64'))
      decipher.setAAD(Buffer.from(`${jobId}/${line.id}`))
      decipher.setAuthTag(Buffer.from(line.tag, 'base64'))
      const text = Buffer.concat([decipher.update(Buffer.from(line.data, 'base64')), decipher.final()])
      return JSON.parse(text.toString('utf8')) as RestoreCopy
    } catch {
      return fail(
        'internal',
        `The restore copy of user ${line.id} cannot be opened: the keychain's key for this data folder is not the one it was sealed with.`,
      )
    }
  }

  private idsOf(jobId: string): Set<string> {
    let ids = this.kept.get(jobId)
    if (!ids) {
      ids = new Set()
      const file = this.fileOf(jobId)
      if (existsSync(file))
        for (const raw of lines(file)) {
          try {
            const { id } = JSON.parse(raw) as Partial<SealedLine>
            if (id) ids.add(id)
          } catch {
            // cut short by a crash
          }
        }
      this.kept.set(jobId, ids)
    }
    return ids
  }

  private async keyFor(create: boolean): Promise<Buffer> {
    if (!(await this.available()))
      fail(
        'keychain_unavailable',
        'No OS keychain is reachable, so no restore copy can be kept or opened. On Linux, start a Secret Service such as gnome-keyring.',
      )
    this.key ??= this.loadKey(create).catch((err: unknown) => {
      this.key = null
      throw err
    })
    return this.key
  }

  private async loadKey(create: boolean): Promise<Buffer> {
    const stored = await this.secrets.get(this.account)
    if (stored) return Buffer.from(stored, 'base64')
    if (!create)
      fail(
        'not_found',
        'The keychain holds no restore key for this data folder, so the restore copies cannot be opened.',
      )
    const key = randomBytes(32)
    await this.secrets.set(this.account, key.toString('base64'))
    return key
  }
}

/** When the job's first copy was sealed, from the file's first line; null for no file. */
function startedAt(file: string): number | null {
  if (!existsSync(file)) return null
  for (const raw of lines(file)) {
    try {
      const t = Date.parse((JSON.parse(raw) as Partial<FileHeader>).startedAt ?? '')
      return Number.isNaN(t) ? null : t
    } catch {
      return null
    }
  }
  return null
}
