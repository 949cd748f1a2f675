import type { JobReportFile, JobView, ReportRow } from '@shared/models/jobs'

function csvCell(value: string): string {
  // Quote what a spreadsheet would misread; a leading = + - @ would run as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function reportCsv(rows: ReportRow[]): string {
  const lines = ['key,label,outcome,reason']
  for (const r of rows) lines.push([r.key, r.label, r.outcome, r.reason ?? ''].map(csvCell).join(','))
  return lines.join('\n') + '\n'
}

export function reportFile(job: JobView, rows: ReportRow[], format: 'csv' | 'json'): JobReportFile {
  const filename = `userdeck-${job.kind}-${job.id}.${format}`
  if (format === 'csv') return { format, filename, text: reportCsv(rows) }
  return { format, filename, text: JSON.stringify({ job, rows }, null, 2) + '\n' }
}
