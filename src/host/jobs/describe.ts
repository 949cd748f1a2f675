import type { Selection } from '@shared/models/jobs'

/** A selection in words, for a job's title. */
export function describeSelection(selection: Selection): string {
  if (selection.all) return 'all users'
  if (selection.ids)
    return selection.ids.length === 1 ? `user ${selection.ids[0]}` : `${selection.ids.length} users`
  const parts: string[] = []
  if (selection.labels?.length) parts.push(`users labelled ${selection.labels.join(' or ')}`)
  if (selection.search) parts.push(`matching "${selection.search}"`)
  if (
    (selection.filters && Object.keys(selection.filters).length > 0) ||
    (selection.queries && selection.queries.length > 0)
  )
    parts.push('filtered')
  return parts.join(' ') || 'users'
}
