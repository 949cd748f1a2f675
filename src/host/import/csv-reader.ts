import { parse, CsvError } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { AppErrorException, appError, fail } from '@shared/errors'
import type { CsvOptions } from '@shared/models/import'
import { textStream, type TextSample } from './text-file'
import type { SourceRecord } from './source-record'

/** A user record is a few kilobytes at most; a longer one means the wrong file or a missing quote. */
export const MAX_RECORD_CHARS = 1024 * 1024
const DELIMITERS = [',', ';', '\t', '|'] as const

export interface CsvLayout {
  delimiter: string
  header: boolean
  columns: string[]
  /** Lines before the data (Excel's `sep=` hint, the header). */
  skipLines: number
  notes: string[]
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (c === ch && !quoted) n++
  }
  return n
}

/** The delimiter that splits the sample's lines into the same number of fields most consistently. */
export function detectDelimiter(lines: string[]): string {
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 }
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter))
    const freq = new Map<number, number>()
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1)
    let modeCount = 0
    let mode = 0
    for (const [c, f] of freq) if (f > modeCount || (f === modeCount && c > mode)) [mode, modeCount] = [c, f]
    const score = (modeCount / lines.length) * 1000 + mode
    if (modeCount > 0 && score > best.score) best = { delimiter, score }
  }
  return best.delimiter
}

const VALUE_LIKE = /@|^\$|^\+?\d[\d\s-]{5,}$|^(true|false)$|^[0-9a-f]{32,}$/i

/** A first row is a header when none of its cells look like data and the next row's do. */
function looksLikeHeader(first: string[], second: string[] | undefined): boolean {
  if (first.some((c) => VALUE_LIKE.test(c.trim()))) return false
  if (first.some((c) => c.trim() === '')) return false
  if (!second) return true
  return (
    second.some((c) => VALUE_LIKE.test(c.trim())) || first.every((c) => /^[\p{L}_][\p{L}\d _.-]*$/u.test(c))
  )
}

export function sniffCsv(sample: TextSample, options: CsvOptions = {}): CsvLayout {
  const notes: string[] = []
  // The sample may end mid-line; only whole lines are sniffed.
  const allLines = sample.text.split(/\r\n|\n|\r/)
  if (allLines.length > 1) allLines.pop()
  let skipLines = 0
  let delimiter = options.delimiter
  const sep = /^"?sep=(.)"?$/i.exec(allLines[0] ?? '')
  if (sep) {
    delimiter ??= sep[1]
    skipLines = 1
    notes.push(`The file starts with Excel's "sep=${sep[1]}" line; it is skipped.`)
  }
  const lines = allLines.slice(skipLines, skipLines + 50).filter((l) => l.trim() !== '')
  if (lines.length === 0) fail('invalid_input', 'The file has no rows.')
  delimiter ??= detectDelimiter(lines)
  let rows: string[][]
  try {
    rows = parseSync(lines.slice(0, 20).join('\n'), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][]
  } catch {
    rows = lines.slice(0, 20).map((l) => l.split(delimiter))
  }
  const width = Math.max(...rows.map((r) => r.length))
  if (width === 1) {
    const other = DELIMITERS.find((d) => d !== delimiter && lines.every((l) => countOutsideQuotes(l, d) > 0))
    fail(
      'invalid_input',
      other
        ? `Every row is a single column when split on "${printable(delimiter)}", but the rows contain "${printable(other)}". Choose "${printable(other)}" as the delimiter.`
        : 'Every row is a single column: this does not look like a CSV of users. Check the delimiter or the file.',
      { field: 'csv.delimiter' },
    )
  }
  const header = options.header ?? looksLikeHeader(rows[0] ?? [], rows[1])
  let columns: string[]
  if (header) {
    const seen = new Map<string, number>()
    columns = (rows[0] ?? []).map((raw, i) => {
      const name = raw.trim() || `#${i + 1}`
      const n = (seen.get(name) ?? 0) + 1
      seen.set(name, n)
      return n === 1 ? name : `${name} (${n})`
    })
    skipLines += 1
  } else {
    columns = Array.from({ length: width }, (_, i) => `#${i + 1}`)
    notes.push('The first row holds data, not column names: columns are numbered.')
  }
  if (sample.bom) notes.push('UTF-8 byte-order mark (Excel "CSV UTF-8") detected.')
  if (sample.encoding !== 'utf-8') notes.push(`Read as ${sample.encoding}.`)
  return { delimiter, header, columns, skipLines, notes }
}

export function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter
}

/** Streams records as objects keyed by column; `row` is the record's row number as a spreadsheet shows it. */
export async function* readCsv(
  path: string,
  sample: TextSample,
  layout: CsvLayout,
): AsyncIterable<SourceRecord> {
  const parser = parse({
    delimiter: layout.delimiter,
    bom: true,
    from_line: layout.skipLines + 1,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  })
  const input = textStream(path, sample)
  input.on('error', (err) => parser.destroy(err))
  input.pipe(parser)
  let row = layout.skipLines
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++
      const record: Record<string, unknown> = {}
      for (let i = 0; i < cells.length; i++) record[layout.columns[i] ?? `#${i + 1}`] = cells[i]
      yield { row, record }
    }
  } catch (err) {
    throw csvFailure(err, row + 1)
  } finally {
    parser.destroy()
  }
}

function csvFailure(err: unknown, row: number): Error {
  if (err instanceof AppErrorException) return err
  if (err instanceof CsvError) {
    const message =
      err.code === 'CSV_MAX_RECORD_SIZE'
        ? `Row ${row} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB: the file is not a CSV of users, or a quote is never closed.`
        : `Row ${row} cannot be read as CSV (${err.message.replace(/^Invalid [^:]*: /, '')}). Check the quotes and the delimiter.`
    return new AppErrorException(appError('invalid_input', message))
  }
  return new AppErrorException(appError('invalid_input', `The file could not be read at row ${row}.`))
}
