import type { JobPreview, RowPreview } from '@shared/models/jobs'

/**
 * How many rows' previews a job keeps to page through; the counts cover every row. Enough for every
 * selection a person reads row by row, a few megabytes however large the job.
 */
export const PREVIEW_ROWS_KEPT = 10_000

/** A dry run's answer as it comes in: counts of every row, the first rows' previews in row order. */
export class PreviewTally {
  readonly counts = { change: 0, skip: 0, fail: 0, total: 0 }
  private readonly lost: Record<string, number> = {}
  private readonly kept: RowPreview[] = []

  /** `index` is the row's place in the job; previews arrive out of order. */
  add(index: number, row: RowPreview): void {
    this.counts.total++
    this.counts[row.action]++
    if (row.action === 'change')
      for (const [what, n] of Object.entries(row.lost ?? {})) this.lost[what] = (this.lost[what] ?? 0) + n
    if (index < PREVIEW_ROWS_KEPT) this.kept[index] = row
  }

  page(jobId: string, offset: number, limit: number): JobPreview {
    return {
      jobId,
      counts: { ...this.counts },
      ...(Object.keys(this.lost).length > 0 ? { lost: { ...this.lost } } : {}),
      rows: this.kept.slice(offset, offset + limit),
      truncated: offset + limit < this.counts.total,
    }
  }
}
