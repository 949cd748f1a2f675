import { createWriteStream, statSync, type WriteStream } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { once } from 'node:events'
import { join } from 'node:path'
import type { ParsedInput } from '@shared/contract'
import type { ExportColumn } from '@shared/contract/users'
import { TOTAL_CAP } from '@shared/appwrite-limits'
import type { UserExportDone } from '@shared/models/users'
import type { Core } from '../core'
import { csvCell } from '../csv-cell'
import { recordWrite } from '../audit/record-write'
import { listPage, type AppwriteUser } from './users-service'
import { PRIVATE_FILE, makePrivateDir } from '../private-files'
import { refuseUnsupported } from './users-query'

/** Big pages: an export walks every page, and fewer round trips finish sooner. */
const EXPORT_PAGE = 500

function cell(user: AppwriteUser, column: ExportColumn): unknown {
  switch (column) {
    case 'id':
      return user.$id
    case 'createdAt':
      return user.$createdAt
    case 'updatedAt':
      return user.$updatedAt
    case 'passwordHash':
      return user.password ?? null
    case 'hashAlgorithm':
      return user.password ? (user.hash ?? null) : null
    case 'hashOptions':
      return user.password ? (user.hashOptions ?? null) : null
    case 'labels':
      return [...user.labels]
    default:
      return user[column]
  }
}

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.join(';')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value)
  return csvCell(text)
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain')
}

function fileName(projectName: string, format: string): string {
  const slug =
    projectName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'project'
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return `users-${slug}-${stamp}.${format}`
}

/**
 * Writes every user the list's search, filters and sort select (all pages, not just those on screen)
 * to `<dataDir>/exports/`, streaming page by page and reporting progress. Password hashes only when
 * asked for; every export is readable by its owner alone, as is all of the data folder.
 */
export async function exportUsers(core: Core, input: ParsedInput<'users.export'>): Promise<UserExportDone> {
  if (input.includeHashes) await core.projects.proveHashRead(input.project, input.proof)
  const project = await core.projects.resolve(input.project)
  await refuseUnsupported(project, input)
  const dir = join(core.dataDir, 'exports')
  makePrivateDir(dir)
  const path = join(dir, fileName(project.entry.name, input.format))
  const containsHashes = input.includeHashes
  const stream = createWriteStream(path, { mode: PRIVATE_FILE, flags: 'wx' })
  await once(stream, 'open')

  const columns = input.columns
  let rows = 0
  let cursor: string | undefined
  // Where the next page starts, for when Appwrite refuses the cursor (the page before says it).
  let offset: number | undefined = 0
  let total: number | null = null
  const progress = (done: boolean) =>
    core.events.emit('users.exportProgress', {
      exportId: input.exportId,
      rows,
      total,
      totalCapped: total !== null && total >= TOTAL_CAP,
      done,
    })
  try {
    await write(stream, input.format === 'csv' ? columns.map(csvField).join(',') + '\n' : '[')
    for (;;) {
      const page = await listPage(project.clients.users, {
        search: input.search,
        filters: input.filters,
        sort: input.sort,
        limit: EXPORT_PAGE,
        cursor,
        offset,
        total: total === null,
      })
      // Users without sessions cannot be counted ahead: the export then shows rows without a total.
      if (!input.filters?.noSessions) total ??= page.total
      let chunk = ''
      for (const user of page.users) {
        if (input.format === 'csv') {
          chunk += columns.map((c) => csvField(cell(user, c))).join(',') + '\n'
        } else {
          const record = Object.fromEntries(columns.map((c) => [c, cell(user, c)]))
          chunk += (rows > 0 ? ',\n' : '\n') + JSON.stringify(record)
        }
        rows++
      }
      await write(stream, chunk)
      const more = page.users.length === EXPORT_PAGE
      progress(false)
      if (!more) break
      cursor = page.users.at(-1)!.$id
      offset = page.nextOffset
    }
    if (input.format === 'json') await write(stream, rows > 0 ? '\n]\n' : ']\n')
    stream.end()
    await once(stream, 'close')
  } catch (err) {
    // Half a file looks like a whole one to whoever opens it later: remove it.
    stream.destroy()
    await unlink(path).catch(() => undefined)
    throw err
  }
  progress(true)
  recordWrite(core.audit, project, {
    action: containsHashes ? 'users.exportWithHashes' : 'users.export',
    userId: null,
    before: null,
    after: { path, rows, format: input.format, columns: [...columns] },
  })
  return { exportId: input.exportId, path, rows, bytes: statSync(path).size, containsHashes }
}
