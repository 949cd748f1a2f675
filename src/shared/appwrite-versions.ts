/**
 * What each Appwrite server refuses or answers differently among the Users requests Userdeck makes,
 * read from Appwrite's source at the 1.6.x, 1.7.x, 1.8.x and 1.9.x tags. One table serves the sandbox
 * (which follows it under `--appwrite-version`), the host (which refuses a request the server would),
 * the window (which hides or disables the control, with the reason) and the CLI (which refuses the flag).
 */

export type Capability =
  | 'accessedAtQueries'
  | 'impersonator'
  | 'totalParam'
  | 'sequenceQueries'
  | 'emailMetadata'
  | 'membershipUserPhone'

/** Where a server's behaviour comes from: a self-hosted release, or Appwrite Cloud. */
export interface AppwriteServer {
  /** What `GET /v1/health/version` answered; null when it could not be read. */
  version: string | null
  cloud: boolean
}

interface Entry {
  /** First self-hosted release that has it; null: no self-hosted release up to NEWEST_RELEASE does. */
  since: string | null
  cloud: boolean
  /** Completes "Appwrite 1.9.5 …" when the server lacks it. */
  lacks: string
  /** What the server does instead, and the source file that shows it. */
  otherwise: string
}

export const CAPABILITIES: Readonly<Record<Capability, Entry>> = {
  accessedAtQueries: {
    since: null,
    cloud: true,
    lacks: 'cannot sort or filter by last access',
    otherwise:
      '400 general_argument_invalid: accessedAt is not in Validator/Queries/Users.php ALLOWED_ATTRIBUTES',
  },
  impersonator: {
    since: '1.9.0',
    cloud: true,
    lacks: 'has no impersonator flag',
    otherwise:
      'PATCH /users/{id}/impersonator is 404 general_route_not_found; impersonator queries are 400 (controllers/api/users.php, Validator/Queries/Users.php)',
  },
  totalParam: {
    since: '1.8.1',
    cloud: true,
    lacks: 'always counts the total of a list',
    otherwise: 'the `total` param is ignored and every list is counted (controllers/api/users.php)',
  },
  sequenceQueries: {
    since: '1.8.0',
    cloud: true,
    lacks: 'cannot sort or filter by $sequence',
    otherwise: '400 general_argument_invalid (Validator/Queries/Base.php)',
  },
  emailMetadata: {
    since: '1.9.5',
    cloud: true,
    lacks: 'does not classify email addresses',
    otherwise:
      'users carry no emailCanonical, emailIsFree, emailIsDisposable, emailIsCorporate, emailIsCanonical (Response/Model/User.php)',
  },
  membershipUserPhone: {
    since: '1.9.2',
    cloud: true,
    lacks: "does not show a member's phone",
    otherwise: 'memberships carry no userPhone (Response/Filters/V23.php)',
  },
}

/** The newest self-hosted release whose source the table was read from. */
export const NEWEST_RELEASE = '1.9.6'
/** The oldest release line the table covers. */
export const OLDEST_RELEASE = '1.6.0'
/** node-appwrite 27 is built for Appwrite 1.9.x (its README); older servers may refuse some calls. */
export const SDK_MIN_RELEASE = '1.9.0'

const RELEASE = /^(\d+)\.(\d+)\.(\d+)$/

/** [major, minor, patch] of a release version, or null for anything else (a Cloud build, a typo). */
export function parseRelease(version: string | null): [number, number, number] | null {
  const m = version === null ? null : RELEASE.exec(version.trim())
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

export function compareReleases(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

const release = (v: string) => parseRelease(v) as [number, number, number]

/** Appwrite Cloud's API hosts: cloud.appwrite.io and its regions (fra.cloud.appwrite.io, …). */
export function isCloudEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.toLowerCase()
    return host === 'cloud.appwrite.io' || host.endsWith('.cloud.appwrite.io')
  } catch {
    return false
  }
}

/**
 * Whether the server has the capability. Cloud follows its own column. A self-hosted version that is
 * not a release (Cloud's own builds, `latest`) or is newer than NEWEST_RELEASE gets the newest
 * behaviour we know of, Cloud's; an unknown version (null) is not held back either: the server's
 * own answer is better than our guess.
 */
export function supports(server: AppwriteServer, capability: Capability): boolean {
  const entry = CAPABILITIES[capability]
  if (server.cloud) return entry.cloud
  const version = parseRelease(server.version)
  if (!version || compareReleases(version, release(NEWEST_RELEASE)) > 0) return entry.cloud
  return entry.since !== null && compareReleases(version, release(entry.since)) >= 0
}

/**
 * How a server is named to a person: "Appwrite Cloud", "Appwrite 1.9.5", "Appwrite (latest)" for a
 * version that is not a release, "Appwrite (version unknown)".
 */
export function serverName(server: AppwriteServer): string {
  if (server.cloud) return 'Appwrite Cloud'
  if (!server.version) return 'Appwrite (version unknown)'
  return parseRelease(server.version) ? `Appwrite ${server.version}` : `Appwrite (${server.version})`
}

/** Why a control is missing, e.g. "Appwrite 1.9.5 cannot sort or filter by last access."; null if it is not. */
export function lacking(server: AppwriteServer, capability: Capability): string | null {
  return supports(server, capability) ? null : `${serverName(server)} ${CAPABILITIES[capability].lacks}.`
}

/**
 * A release older than node-appwrite 27 is built for: named on the project with what may not work.
 * Null when the server is recent enough, or is Cloud, or its version is unknown.
 */
export function sdkMismatch(server: AppwriteServer): string | null {
  const version = parseRelease(server.version)
  if (server.cloud || !version || compareReleases(version, release(SDK_MIN_RELEASE)) >= 0) return null
  const missing = (Object.keys(CAPABILITIES) as Capability[])
    .filter((c) => !supports(server, c))
    .map((c) => CAPABILITIES[c].lacks)
  return `${serverName(server)} is older than the ${SDK_MIN_RELEASE} this app's Appwrite SDK is built for; some requests may fail. It ${missing.join(', ')}.`
}

/** What a users list asks of the server: the filters and sort in the contract's terms. */
export interface UsersQueryShape {
  filters?: {
    impersonator?: boolean | undefined
    accessedAfter?: string | undefined
    accessedBefore?: string | undefined
  }
  sort?: { field: string } | undefined
}

/**
 * The first part of a users list this server would refuse, as the field at fault and the reason,
 * or null. The host refuses it before calling the server, and the window and the CLI say the same.
 */
export function unsupportedUsersQuery(
  server: AppwriteServer | null,
  query: UsersQueryShape,
): { field: string; message: string } | null {
  if (!server) return null
  const { filters = {}, sort } = query
  const lastAccess = lacking(server, 'accessedAtQueries')
  if (lastAccess) {
    if (sort?.field === 'accessedAt') return { field: 'sort', message: lastAccess }
    if (filters.accessedAfter) return { field: 'filters.accessedAfter', message: lastAccess }
    if (filters.accessedBefore) return { field: 'filters.accessedBefore', message: lastAccess }
  }
  const impersonator = lacking(server, 'impersonator')
  if (impersonator && filters.impersonator !== undefined) {
    return { field: 'filters.impersonator', message: impersonator }
  }
  return null
}
