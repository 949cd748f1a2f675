import { supports } from '../shared/appwrite-versions'
import type { AppwriteServer, Capability } from '../shared/appwrite-versions'
import { NEWEST_RELEASE, compareReleases, parseRelease } from '../shared/appwrite-versions'
import type { QuerySchema } from './queries'

/** What the sandbox answers to /health/version when no release is chosen: Cloud's (newest) behaviour. */
export const LATEST = 'latest'

/** A query schema without the attributes this server's Queries validators do not know. */
export function schemaFor(schema: QuerySchema, server: AppwriteServer): QuerySchema {
  const drop = new Set<string>()
  if (!supports(server, 'accessedAtQueries')) drop.add('accessedAt')
  if (!supports(server, 'impersonator')) drop.add('impersonator')
  if (!supports(server, 'sequenceQueries')) drop.add('$sequence')
  const attributes = Object.fromEntries(Object.entries(schema.attributes).filter(([name]) => !drop.has(name)))
  return { ...schema, attributes }
}

/** The release number error bodies carry (APP_VERSION_STABLE): the chosen release, or the newest. */
export function errorVersion(server: AppwriteServer): string {
  return parseRelease(server.version) ? (server.version as string) : NEWEST_RELEASE
}

/**
 * The response fields a client sees, as the server's release and the request's
 * X-Appwrite-Response-Format decide: a release without a field never sends it, and Appwrite's
 * response filters (Response/Filters/V21.php, V23.php) remove newer fields for an older format.
 */
const USER_FIELDS: readonly { capability: Capability; format: string; fields: readonly string[] }[] = [
  { capability: 'impersonator', format: '1.9.0', fields: ['impersonator', 'impersonatorUserId'] },
  {
    capability: 'emailMetadata',
    format: '0.0.0',
    fields: ['emailCanonical', 'emailIsFree', 'emailIsDisposable', 'emailIsCorporate', 'emailIsCanonical'],
  },
]
const MEMBERSHIP_FIELDS = {
  capability: 'membershipUserPhone' as const,
  format: '1.9.2',
  fields: ['userPhone'],
}

function olderFormat(format: string | null, than: string): boolean {
  const requested = parseRelease(format)
  const threshold = parseRelease(than)
  return requested !== null && threshold !== null && compareReleases(requested, threshold) < 0
}

/** The field names to leave out of User and Membership objects for this server and request. */
export function hiddenFields(server: AppwriteServer, format: string | null) {
  const hide = (rule: { capability: Capability; format: string; fields: readonly string[] }) =>
    !supports(server, rule.capability) || olderFormat(format, rule.format) ? rule.fields : []
  return { user: USER_FIELDS.flatMap(hide), membership: hide(MEMBERSHIP_FIELDS) }
}

/**
 * Removes the hidden fields from every User (the only model with `hashOptions`) and Membership (the
 * only one with `teamName`) in a reply body, lists included.
 */
export function shapeBody(body: unknown, hidden: ReturnType<typeof hiddenFields>): unknown {
  if (hidden.user.length === 0 && hidden.membership.length === 0) return body
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit)
    if (typeof value !== 'object' || value === null) return value
    const record = value as Record<string, unknown>
    const drop = 'hashOptions' in record ? hidden.user : 'teamName' in record ? hidden.membership : []
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(record)) {
      if (drop.includes(key)) continue
      out[key] = key === 'prefs' || key === 'hashOptions' ? inner : visit(inner)
    }
    return out
  }
  return visit(body)
}
