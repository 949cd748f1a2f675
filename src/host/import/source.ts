import { Query, type Users } from 'node-appwrite'
import { fail } from '@shared/errors'
import type { CsvOptions, ImportFormat, ImportPlan } from '@shared/models/import'
import { retrying } from '../jobs/pacing'
import type { CsvLayout } from './csv-reader'
import type { JsonShape } from './json-reader'
import { hasNormalizer, normalizeRecord, recognise } from './formats'
import { sampleText, type TextSample } from './text-file'
import type { SourceRecord } from './source-record'

/** A source opened for reading: what it is, and its records (normalised for known formats) as often as asked. */
export interface OpenedSource {
  format: ImportFormat
  csv: (CsvLayout & { encoding: string }) | null
  columns: string[]
  notes: string[]
  records(): AsyncIterable<SourceRecord>
}

export interface SourceDeps {
  /** The file behind an upload id or a path. */
  filePath(source: ImportPlan['source']): string
  /** Users of another registered project (with hashes: Appwrite returns them to a key with users.read). */
  usersOf(project: string): Promise<Users>
}

const APPWRITE_PAGE = 100

async function* projectUsers(users: Users): AsyncIterable<SourceRecord> {
  let cursor: string | undefined
  let row = 0
  for (;;) {
    const queries = [Query.limit(APPWRITE_PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])]
    const page = await retrying(() => users.list({ queries, total: false }))
    for (const user of page.users) yield { row: ++row, record: normalizeRecord('appwrite', user as never) }
    if (page.users.length < APPWRITE_PAGE) return
    cursor = page.users[page.users.length - 1]!.$id
  }
}

async function firstRecord(records: AsyncIterable<SourceRecord>): Promise<SourceRecord | null> {
  for await (const r of records) return r
  return null
}

function isJson(sample: TextSample): boolean {
  return /^[[{]/.test(sample.text.trimStart())
}

export async function openSource(
  plan: Pick<ImportPlan, 'source' | 'format' | 'csv'>,
  deps: SourceDeps,
): Promise<OpenedSource> {
  if (plan.source.kind === 'project') {
    if (plan.format !== 'auto' && plan.format !== 'appwrite')
      fail('invalid_input', 'A project source is read as "appwrite".', { field: 'format' })
    const users = await deps.usersOf(plan.source.project)
    const columns = [
      'id',
      'email',
      'phone',
      'name',
      'password',
      'hashType',
      'labels',
      'prefs',
      'emailVerification',
      'phoneVerification',
      'status',
    ]
    return { format: 'appwrite', csv: null, columns, notes: [], records: () => projectUsers(users) }
  }
  const path = deps.filePath(plan.source)
  const sample = await sampleText(path)
  // An exported Appwrite user list ({"users": [...]}) is JSON too, and keeps its hashes.
  const json = plan.format === 'csv' ? false : plan.format === 'json' ? true : isJson(sample)
  if (json) return openJson(path, sample, plan.format)
  return openCsv(path, sample, plan.format, plan.csv)
}

async function openJson(
  path: string,
  sample: TextSample,
  requested: ImportPlan['format'],
): Promise<OpenedSource> {
  // The readers (and csv-parse, stream-json) load with the first file read, not with every host.
  const { detectJsonShape, readJson } = await import('./json-reader')
  const shape: JsonShape = detectJsonShape(sample)
  const raw = () => readJson(path, sample, shape)
  const first = await firstRecord(raw())
  if (!first) fail('invalid_input', 'The file holds no users.')
  const format: ImportFormat = requested === 'auto' ? (recognise(first.record, []) ?? 'json') : requested
  const notes = [
    shape === 'lines'
      ? 'JSON Lines: one user a line.'
      : shape === 'array'
        ? 'A JSON array of users.'
        : 'A JSON document with a "users" list.',
  ]
  return {
    format,
    csv: null,
    columns: format === 'json' ? Object.keys(first.record) : [],
    notes,
    records: () => normalized(raw(), format),
  }
}

async function openCsv(
  path: string,
  sample: TextSample,
  requested: ImportPlan['format'],
  options: CsvOptions | undefined,
): Promise<OpenedSource> {
  const { readCsv, sniffCsv } = await import('./csv-reader')
  const layout = sniffCsv(sample, options)
  const raw = () => readCsv(path, sample, layout)
  const first = await firstRecord(raw())
  if (!first) fail('invalid_input', 'The file has a header but no users.')
  const format: ImportFormat =
    requested === 'auto' ? (recognise(first.record, layout.columns) ?? 'csv') : requested
  if (format === 'json')
    fail('invalid_input', 'This file is CSV, not JSON. Choose CSV or auto.', { field: 'format' })
  return {
    format,
    csv: { ...layout, encoding: sample.bom ? `${sample.encoding} (BOM)` : sample.encoding },
    columns: format === 'csv' ? layout.columns : [],
    notes:
      format === 'firebase'
        ? [...layout.notes, 'Firebase Auth CSV export (columns in Firebase order).']
        : layout.notes,
    records: () => normalized(raw(), format),
  }
}

/** A known format's records under the canonical names; plain CSV and JSON pass through as read. */
function normalized(records: AsyncIterable<SourceRecord>, format: ImportFormat): AsyncIterable<SourceRecord> {
  if (!hasNormalizer(format)) return records
  return (async function* () {
    for await (const r of records) yield { row: r.row, record: normalizeRecord(format, r.record) }
  })()
}
