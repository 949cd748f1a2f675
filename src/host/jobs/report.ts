import { closeSync, openSync, renameSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { JobReportFile, JobView, ReportRow } from '@shared/models/jobs'
import { csvCell } from '../csv-cell'
import { PRIVATE_FILE } from '../private-files'

/** Rows a report's text carries; the saved file always has every row. */
export const REPORT_TEXT_ROWS = 100_000
/** Lines written to the file per write call. */
const WRITE_BATCH = 1000

function csvLine(r: ReportRow): string {
  return [r.key, r.label, r.outcome, r.reason ?? ''].map(csvCell).join(',')
}

/** The parts around the rows, so a file of any length is written one row at a time and still parses. */
function frame(job: JobView, format: 'csv' | 'json') {
  if (format === 'csv') return { head: 'key,label,outcome,reason\n', sep: '\n', tail: '\n', row: csvLine }
  const jobJson = JSON.stringify(job, null, 2).replace(/\n/g, '\n  ')
  return {
    head: `{\n  "job": ${jobJson},\n  "rows": [\n`,
    sep: ',\n',
    tail: '\n  ]\n}\n',
    row: (r: ReportRow) => `    ${JSON.stringify(r)}`,
  }
}

/**
 * Writes the report to `<dir>/report.<format>` as its rows stream in, so a job of a million rows is
 * saved without holding it; the text returned carries the first REPORT_TEXT_ROWS rows.
 */
export async function saveReport(
  job: JobView,
  rows: AsyncIterable<ReportRow>,
  format: 'csv' | 'json',
  dir: string,
): Promise<JobReportFile> {
  const { head, sep, tail, row } = frame(job, format)
  const path = join(dir, `report.${format}`)
  // Two saves at once each write their own file; the last to finish is kept whole.
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(tmp, 'w', PRIVATE_FILE)
  const first: string[] = []
  let count = 0
  try {
    writeSync(fd, head)
    let batch: string[] = []
    for await (const r of rows) {
      const line = row(r)
      if (count < REPORT_TEXT_ROWS) first.push(line)
      batch.push(line)
      count++
      if (batch.length >= WRITE_BATCH) {
        writeSync(fd, (count > batch.length ? sep : '') + batch.join(sep))
        batch = []
      }
    }
    if (batch.length > 0) writeSync(fd, (count > batch.length ? sep : '') + batch.join(sep))
    writeSync(fd, count > 0 ? tail : format === 'csv' ? '' : tail.trimStart())
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  const text = head + first.join(sep) + (first.length > 0 ? tail : format === 'csv' ? '' : tail.trimStart())
  return {
    format,
    filename: `userdeck-${job.kind}-${job.id}.${format}`,
    text,
    path,
    rows: count,
    truncated: count > first.length,
  }
}
