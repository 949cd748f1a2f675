import { join } from 'node:path'
import type { JobReportFile, JobView, ReportRow } from '@shared/models/jobs'
import { csvCell } from '../csv-cell'
import { StreamedPrivateFile } from '../private-files'

/** Rows a report's text carries; the saved file always has every row. */
export const REPORT_TEXT_ROWS = 100_000

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
  /** After the rows: an empty CSV ends at its header, an empty JSON list closes with no blank line. */
  const closing = (rows: number) => (rows > 0 ? tail : format === 'csv' ? '' : tail.trimStart())
  const path = join(dir, `report.${format}`)
  // Two saves at once each write their own file; the last to finish is kept whole.
  const out = new StreamedPrivateFile(path)
  const first: string[] = []
  let count = 0
  try {
    out.write(head)
    for await (const r of rows) {
      const line = row(r)
      if (count < REPORT_TEXT_ROWS) first.push(line)
      out.write(count > 0 ? sep + line : line)
      count++
    }
    out.write(closing(count))
    out.commit()
  } catch (err) {
    out.abandon()
    throw err
  }
  const text = head + first.join(sep) + closing(first.length)
  return {
    format,
    filename: `userdeck-${job.kind}-${job.id}.${format}`,
    text,
    path,
    rows: count,
    truncated: count > first.length,
  }
}
