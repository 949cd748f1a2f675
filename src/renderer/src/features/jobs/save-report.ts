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
 * Hands a job's report to the person. Main always writes the whole report into the data folder; the
 * text it sends is the whole report too unless the job is huge, and then the person is told where
 * the complete file is rather than being given a short one without a word.
 */
export function saveReport(report: JobReportFile): void {
  download(report.filename, report.text, report.format === 'csv' ? 'text/csv' : 'application/json')
  if (report.truncated) {
    notifications.show({
      color: 'yellow',
      title: 'The download holds the first rows only',
      message: `The report has ${formatCount(report.rows)} rows. Every row is in ${report.path}`,
      autoClose: false,
    })
  }
}
