import { notifications } from '@mantine/notifications'
import type { JobReportFile } from '@shared/models/jobs'
import { formatCount } from '../../format-count'

export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * Hands a job's report (or an import's problems, saved the same way) to the person. Main always writes
 * the whole file into the data folder; the text it sends is the whole file too unless it is huge, and
 * then the person is told where the complete file is rather than being given a short one without a
 * word. `counted` says what its rows are.
 */
export function saveReport(
  report: JobReportFile,
  counted = (rows: number) => `The report has ${formatCount(rows)} rows. Every row`,
): void {
  download(report.filename, report.text, report.format === 'csv' ? 'text/csv' : 'application/json')
  if (report.truncated) {
    notifications.show({
      color: 'yellow',
      title: 'The download holds the first rows only',
      message: `${counted(report.rows)} is in ${report.path}`,
      autoClose: false,
    })
  }
}
