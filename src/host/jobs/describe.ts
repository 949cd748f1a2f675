import type { UserFilters } from '@shared/contract/users'
import type { Selection } from '@shared/models/jobs'

/** Words before "users": who they are. */
function kindsOf(f: UserFilters): string[] {
  const words: string[] = []
  if (f.status) words.push(f.status)
  if (f.anonymous) words.push('anonymous')
  if (f.neverVerified) words.push('never verified')
  return words
}

/** Words after "users": what else is true of them. */
function conditionsOf(f: UserFilters): string[] {
  const out: string[] = []
  const yesNo = (v: boolean | undefined, yes: string, no: string) => {
    if (v !== undefined) out.push(v ? yes : no)
  }
  yesNo(f.emailVerified, 'with the email verified', 'with the email unverified')
  yesNo(f.phoneVerified, 'with the phone verified', 'with the phone unverified')
  yesNo(f.impersonator, 'who may impersonate', 'who may not impersonate')
  if (f.noSessions) out.push('without sessions')
  if (f.label) out.push(`labelled ${f.label}`)
  const range = (what: string, after?: string, before?: string) => {
    if (after) out.push(`${what} from ${after}`)
    if (before) out.push(`${what} until ${before}`)
  }
  range('registered', f.registeredAfter, f.registeredBefore)
  range('password changed', f.passwordChangedAfter, f.passwordChangedBefore)
  range('last seen', f.accessedAfter, f.accessedBefore)
  return out
}

/** A selection in words, for a job's title ("anonymous users without sessions"). */
export function describeSelection(selection: Selection): string {
  if (selection.all) return 'all users'
  if (selection.ids)
    return selection.ids.length === 1 ? `user ${selection.ids[0]}` : `${selection.ids.length} users`
  const filters = selection.filters ?? {}
  const parts = [[...kindsOf(filters), 'users'].join(' '), ...conditionsOf(filters)]
  if (selection.labels?.length) parts.push(`labelled ${selection.labels.join(' or ')}`)
  if (selection.search) parts.push(`matching "${selection.search}"`)
  const queries = selection.queries?.length ?? 0
  if (queries > 0)
    parts.push(queries === 1 ? 'matching an Appwrite query' : `matching ${queries} Appwrite queries`)
  return parts.join(' ')
}
