import { z } from 'zod'
import { channel, event } from './define'
import { projectRef } from './common'
import { label, selection } from './jobs'
import { LABELS_MAX } from '../appwrite-limits'
import type { JobView } from '../models/jobs'
import type { LabelOverview } from '../models/labels'

export const labelsChannels = {
  /** Every label in the project with its user count; cached for a short while unless `refresh`. */
  'labels.overview': channel<LabelOverview>()(
    z.strictObject({ project: projectRef, refresh: z.boolean().default(false) }),
  ),
  /** Plans a bulk label job; preview with jobs.preview, run with jobs.start. */
  'labels.bulk': channel<JobView>()(
    z
      .strictObject({
        project: projectRef,
        selection,
        op: z.enum(['add', 'remove', 'set', 'rename']),
        labels: z.array(label).max(LABELS_MAX),
        /** For rename: the new name of the one label in `labels`. */
        to: label.optional(),
      })
      .refine((i) => i.op !== 'rename' || (i.labels.length === 1 && i.to !== undefined), {
        message: 'Rename takes one label and the new name in "to".',
        path: ['to'],
      })
      .refine((i) => i.op === 'set' || i.labels.length > 0, {
        message: 'Name at least one label.',
        path: ['labels'],
      }),
  ),
}

export const labelsEvents = {
  /** Users read so far by the scan `labels.overview` counts labels with; at most ten a second. */
  'labels.progress': event<{ project: string; users: number }>(),
}
