import { fail } from '@shared/errors'
import { LABELS_MAX } from '@shared/appwrite-limits'
import type { LabelOp } from '@shared/models/labels'

export interface LabelChange {
  op: LabelOp
  labels: string[]
  /** The new name, for rename. */
  to?: string
}

/**
 * A user's labels after the change, computed from the labels they have now: Appwrite's endpoint
 * replaces the whole set, so every label the change does not name is carried over as it is.
 */
export function applyLabelChange(current: readonly string[], change: LabelChange): string[] {
  let next: string[]
  switch (change.op) {
    case 'add':
      next = [...current, ...change.labels.filter((l) => !current.includes(l))]
      break
    case 'remove':
      next = current.filter((l) => !change.labels.includes(l))
      break
    case 'set':
      next = [...new Set(change.labels)]
      break
    case 'rename': {
      const from = change.labels[0]!
      const to = change.to!
      next = current.includes(from) ? [...new Set(current.map((l) => (l === from ? to : l)))] : [...current]
      break
    }
  }
  next = [...new Set(next)]
  if (next.length > LABELS_MAX)
    fail('invalid_request', `This would give the user ${next.length} labels; Appwrite allows ${LABELS_MAX}.`)
  return next
}

/** Whether the server's labels already show the change (for a row whose outcome was unknown). */
export function labelChangeShows(current: readonly string[], change: LabelChange): boolean {
  switch (change.op) {
    case 'add':
      return change.labels.every((l) => current.includes(l))
    case 'remove':
      return change.labels.every((l) => !current.includes(l))
    case 'set':
      return sameLabels(current, change.labels)
    case 'rename':
      return !current.includes(change.labels[0]!)
  }
}

export function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a)
  const sb = new Set(b)
  return sa.size === sb.size && [...sa].every((l) => sb.has(l))
}

export function describeLabelChange(change: LabelChange): string {
  switch (change.op) {
    case 'add':
      return `Add ${change.labels.join(', ')}`
    case 'remove':
      return `Remove ${change.labels.join(', ')}`
    case 'set':
      return change.labels.length ? `Set labels to ${change.labels.join(', ')}` : 'Clear all labels'
    case 'rename':
      return `Rename ${change.labels[0]} to ${change.to}`
  }
}
