import { Query, type Models, type Users } from 'node-appwrite'

type User = Models.User<Models.Preferences>

/** What a row is checked against on the server: the fields Appwrite keeps unique across users. */
export interface RowKeys {
  id: string
  email: string | null
  phone: string | null
}

/** What the project holds that decides a row: the user with its id, and who has its email and phone. */
export interface ServerState {
  existing: User | null
  /** The id of the user with the row's email, or null when nobody has it. */
  emailOwner: string | null
  phoneOwner: string | null
}

/** The users found for a batch of rows, by id (folded, see `foldId`), email and phone. */
export interface Found {
  byId: Map<string, User>
  byEmail: Map<string, string>
  byPhone: Map<string, string>
}

/**
 * An id as Appwrite's unique key on it compares it: ignoring case (MariaDB's default collation, which
 * Appwrite's database layer keeps). `Mixed1` holds the id `mixed1`: a create of `mixed1` is refused
 * as a duplicate, and a query for `mixed1` finds `Mixed1`.
 */
export const foldId = (id: string): string => id.toLowerCase()

/** Appwrite's largest page, and so the most values one `equal` query can usefully ask for. */
export const LOOKUP_BATCH = 100
/** Batches looked up at once: over a far network, one at a time would be most of a long file's wait. */
export const LOOKUPS_IN_FLIGHT = 8

/**
 * One list call per unique field for up to LOOKUP_BATCH rows. `list` is the caller's call, so the
 * validator and the dry run each wrap it in their own retrying.
 */
export async function findUsers(
  users: Users,
  rows: readonly RowKeys[],
  list: (
    call: () => Promise<Models.UserList<Models.Preferences>>,
  ) => Promise<Models.UserList<Models.Preferences>> = (call) => call(),
): Promise<Found> {
  const found: Found = { byId: new Map(), byEmail: new Map(), byPhone: new Map() }
  const ids = unique(rows.map((r) => r.id))
  const emails = unique(rows.map((r) => r.email))
  const phones = unique(rows.map((r) => r.phone))
  const query = (field: string, values: string[]) =>
    list(() => users.list({ queries: [Query.equal(field, values), Query.limit(LOOKUP_BATCH)], total: false }))
  const pages = await Promise.all([
    ids.length > 0 ? query('$id', ids) : null,
    emails.length > 0 ? query('email', emails) : null,
    phones.length > 0 ? query('phone', phones) : null,
  ])
  for (const page of pages) {
    for (const u of page?.users ?? []) {
      found.byId.set(foldId(u.$id), u)
      if (u.email) found.byEmail.set(u.email, u.$id)
      if (u.phone) found.byPhone.set(u.phone, u.$id)
    }
  }
  return found
}

/** The state of one row in what a batch found: a user found by email is not the user with the id. */
export function stateOf(found: Found, row: RowKeys): ServerState {
  return {
    existing: found.byId.get(foldId(row.id)) ?? null,
    emailOwner: (row.email && found.byEmail.get(row.email)) || null,
    phoneOwner: (row.phone && found.byPhone.get(row.phone)) || null,
  }
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null && v !== ''))]
}

interface Waiter {
  row: RowKeys
  resolve(state: ServerState): void
  reject(err: unknown): void
}

/**
 * Gathers the rows asked about in the same turn into one round of list queries, so a dry run over
 * 100,000 rows costs a few thousand calls rather than 100,000. The rows in a turn are bounded by
 * whoever asks: a dry run previews LOOKUPS_IN_FLIGHT batches of rows at once, a run asks only for
 * the rows Appwrite refused as duplicates.
 */
export class ServerLookup {
  private pending: Waiter[] = []
  private scheduled = false

  constructor(private readonly users: Users) {}

  get(row: RowKeys): Promise<ServerState> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Looks up a turn's rows, a batch per LOOKUP_BATCH of them, the batches at once. */
  private flush(): void {
    this.scheduled = false
    const batch = this.pending
    this.pending = []
    for (let i = 0; i < batch.length; i += LOOKUP_BATCH) {
      const chunk = batch.slice(i, i + LOOKUP_BATCH)
      findUsers(
        this.users,
        chunk.map((w) => w.row),
      ).then(
        (found) => {
          for (const w of chunk) w.resolve(stateOf(found, w.row))
        },
        (err: unknown) => {
          for (const w of chunk) w.reject(err)
        },
      )
    }
  }
}

const lookups = new WeakMap<Users, ServerLookup>()

/** The project's shared lookup: rows of every job on the same client batch together. */
export function lookupFor(users: Users): ServerLookup {
  let lookup = lookups.get(users)
  if (!lookup) lookups.set(users, (lookup = new ServerLookup(users)))
  return lookup
}
