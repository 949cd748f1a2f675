import type { Change, ChildKind, ChildRecords, UserRecord } from './records'
import type { Fulltext } from './search'
import { matchesFulltext, userSearchText } from './search'

/** Records owned by a user, by id and by user. Map order is insertion order, the default list order. */
export class ChildCollection<T extends { $id: string; userId: string }> {
  readonly byId = new Map<string, T>()
  private readonly byUser = new Map<string, Map<string, T>>()

  get(id: string): T | undefined {
    return this.byId.get(id)
  }

  forUser(userId: string): T[] {
    const own = this.byUser.get(userId)
    return own ? [...own.values()] : []
  }

  put(record: T): T | undefined {
    const previous = this.byId.get(record.$id)
    if (previous && previous.userId !== record.userId) this.byUser.get(previous.userId)?.delete(record.$id)
    this.byId.set(record.$id, record)
    let own = this.byUser.get(record.userId)
    if (!own) this.byUser.set(record.userId, (own = new Map()))
    own.set(record.$id, record)
    return previous
  }

  delete(id: string): T | undefined {
    const record = this.byId.get(id)
    if (!record) return undefined
    this.byId.delete(id)
    const own = this.byUser.get(record.userId)
    own?.delete(id)
    if (own && own.size === 0) this.byUser.delete(record.userId)
    return record
  }

  get size(): number {
    return this.byId.size
  }
}

type Children = { [K in ChildKind]: ChildCollection<ChildRecords[K]> }

/**
 * The in-memory state of one sandbox project with the indexes Appwrite's unique keys give it
 * (id, email, phone, target identifier). Every mutation goes through put/delete so that each
 * one is reported to `onChange`, which persistence turns into the write-ahead log.
 */
export class Store {
  readonly users = new Map<string, UserRecord>()
  /** By lowercase email: MariaDB's collation compares case-insensitively (Appwrite stores them lowercase). */
  private readonly byEmail = new Map<string, string>()
  private readonly byPhone = new Map<string, string>()
  /**
   * The ids that are not all lowercase, by their lowercase: MariaDB compares `$id` case-insensitively
   * too, so an `equal` on it must find them. Most ids are lowercase, so this stays small.
   */
  private readonly mixedCaseIds = new Map<string, Set<string>>()
  /**
   * Search rows in list order: parallel arrays of users and their padded token text (search.ts).
   * A plain array of strings scans several times faster than walking the Map, which is what keeps a
   * search over 100,000 users within a few milliseconds. Deleted rows become holes until compaction.
   */
  private rows: (UserRecord | null)[] = []
  private texts: string[] = []
  private readonly rowOf = new Map<string, number>()
  private holes = 0
  private readonly targetIdentifiers = new Map<string, string>()
  private readonly identityEmails = new Map<string, string>()
  readonly children: Children = {
    session: new ChildCollection(),
    target: new ChildCollection(),
    identity: new ChildCollection(),
    membership: new ChildCollection(),
    log: new ChildCollection(),
    token: new ChildCollection(),
    challenge: new ChildCollection(),
  }
  private lastSeq = 0
  onChange: ((change: Change) => void) | null = null

  get sessions() {
    return this.children.session
  }
  get targets() {
    return this.children.target
  }
  get identities() {
    return this.children.identity
  }
  get memberships() {
    return this.children.membership
  }
  get logs() {
    return this.children.log
  }
  get tokens() {
    return this.children.token
  }
  get challenges() {
    return this.children.challenge
  }

  nextSeq(): number {
    return ++this.lastSeq
  }

  /**
   * The user with this id as Appwrite finds it: `WHERE _uid = ?` under MariaDB's default collation,
   * which ignores case, so `GET /users/MIXED1` answers the user `Mixed1` (and a change through that
   * path changes them). The exact id is looked up first: the one every caller but a person typing sends.
   */
  getUser(id: string): UserRecord | undefined {
    const exact = this.users.get(id)
    if (exact) return exact
    const folded = this.userIdFolded(id)
    return folded === undefined ? undefined : this.users.get(folded)
  }

  /**
   * The user whose id equals `id` ignoring case, as Appwrite's unique key on it compares (MariaDB's
   * default collation, which utopia-php/database leaves in place): `mixed1` is taken once `Mixed1` is.
   */
  userIdFolded(id: string): string | undefined {
    return this.idsFolding(id).find((candidate) => this.users.has(candidate))
  }

  /** Every id a user could have that equals `id` ignoring case: as asked, all lowercase, and the mixed-case ones. */
  private idsFolding(id: string): string[] {
    const lower = id.toLowerCase()
    return [id, lower, ...(this.mixedCaseIds.get(lower) ?? [])]
  }

  userIdByEmail(email: string): string | undefined {
    return this.byEmail.get(email.toLowerCase())
  }

  userIdByPhone(phone: string): string | undefined {
    return this.byPhone.get(phone)
  }

  targetIdByIdentifier(identifier: string): string | undefined {
    return this.targetIdentifiers.get(identifier)
  }

  /** The id of an OAuth identity whose provider email is `email`, if any. */
  identityIdByEmail(email: string): string | undefined {
    return this.identityEmails.get(email.toLowerCase())
  }

  /**
   * For an `equal` on an attribute Appwrite keeps a unique index on ($id, email, phone): every user
   * whose value could equal `value` (at least all that do), found without a scan; null for any other
   * attribute. A scan made each of an import's lookups (100 emails, say) cost time in proportion to
   * the project's users, where Appwrite's indexes answer it at once.
   */
  usersMatching(attribute: string, value: unknown): UserRecord[] | null {
    if (attribute !== '$id' && attribute !== 'email' && attribute !== 'phone') return null
    // Every stored value is a string, and the database's equality never makes a number equal one.
    if (typeof value !== 'string') return []
    const lower = value.toLowerCase()
    let ids: Iterable<string | undefined>
    if (attribute === '$id') ids = this.idsFolding(value)
    else if (attribute === 'email') ids = [this.byEmail.get(lower)]
    else ids = [this.byPhone.get(value), this.byPhone.get(lower)]
    const found = new Set<UserRecord>()
    for (const id of ids) {
      const user = id === undefined ? undefined : this.users.get(id)
      if (user) found.add(user)
    }
    return [...found]
  }

  putUser(user: UserRecord): void {
    const previous = this.users.get(user.$id)
    if (previous) this.unindex(previous)
    this.users.set(user.$id, user)
    if (user.email) this.byEmail.set(user.email.toLowerCase(), user.$id)
    if (user.phone) this.byPhone.set(user.phone, user.$id)
    const lowerId = user.$id.toLowerCase()
    if (lowerId !== user.$id) {
      const ids = this.mixedCaseIds.get(lowerId) ?? new Set<string>()
      this.mixedCaseIds.set(lowerId, ids.add(user.$id))
    }
    const text = userSearchText(user)
    const row = this.rowOf.get(user.$id)
    if (row === undefined) {
      this.rowOf.set(user.$id, this.rows.length)
      this.rows.push(user)
      this.texts.push(text)
    } else {
      this.rows[row] = user
      this.texts[row] = text
    }
    if (user.seq > this.lastSeq) this.lastSeq = user.seq
    this.onChange?.({ kind: 'user', put: user })
  }

  /** Deletes the user and everything Appwrite deletes with it (at once or by its deletes worker). */
  deleteUser(id: string): UserRecord | undefined {
    const user = this.users.get(id)
    if (!user) return undefined
    for (const kind of Object.keys(this.children) as ChildKind[]) {
      for (const record of this.children[kind].forUser(id)) this.deleteChild(kind, record.$id)
    }
    this.users.delete(id)
    this.unindex(user)
    const row = this.rowOf.get(id)
    if (row !== undefined) {
      this.rows[row] = null
      this.texts[row] = ''
      this.rowOf.delete(id)
      if (++this.holes > 1024 && this.holes * 4 > this.rows.length) this.compactRows()
    }
    this.onChange?.({ kind: 'user', del: id })
    return user
  }

  /** Takes the user out of the unique indexes (its id stays in `users`; the caller decides). */
  private unindex(user: UserRecord): void {
    if (user.email) this.byEmail.delete(user.email.toLowerCase())
    if (user.phone) this.byPhone.delete(user.phone)
    const lowerId = user.$id.toLowerCase()
    const ids = this.mixedCaseIds.get(lowerId)
    if (ids?.delete(user.$id) && ids.size === 0) this.mixedCaseIds.delete(lowerId)
  }

  /** Users whose search attribute (id, email, name, phone, labels) matches a full-text search, in list order. */
  searchUsers(query: Fulltext): UserRecord[] {
    const out: UserRecord[] = []
    const { texts, rows } = this
    for (let i = 0; i < texts.length; i++) {
      if (matchesFulltext(texts[i] as string, query)) {
        const user = rows[i]
        if (user) out.push(user)
      }
    }
    return out
  }

  private compactRows(): void {
    const rows: UserRecord[] = []
    const texts: string[] = []
    this.rowOf.clear()
    this.rows.forEach((user, i) => {
      if (!user) return
      this.rowOf.set(user.$id, rows.length)
      rows.push(user)
      texts.push(this.texts[i] as string)
    })
    this.rows = rows
    this.texts = texts
    this.holes = 0
  }

  putChild<K extends ChildKind>(kind: K, record: ChildRecords[K]): void {
    const previous = (this.children[kind] as ChildCollection<ChildRecords[K]>).put(record)
    if (kind === 'target') {
      const target = record as ChildRecords['target']
      const old = previous as ChildRecords['target'] | undefined
      if (old && this.targetIdentifiers.get(old.identifier) === old.$id)
        this.targetIdentifiers.delete(old.identifier)
      this.targetIdentifiers.set(target.identifier, target.$id)
    } else if (kind === 'identity') {
      const identity = record as ChildRecords['identity']
      const old = previous as ChildRecords['identity'] | undefined
      if (old?.providerEmail) this.identityEmails.delete(old.providerEmail.toLowerCase())
      if (identity.providerEmail) this.identityEmails.set(identity.providerEmail.toLowerCase(), identity.$id)
    }
    this.onChange?.({ kind, put: record } as Change)
  }

  deleteChild(kind: ChildKind, id: string): boolean {
    const removed = this.children[kind].delete(id)
    if (!removed) return false
    if (kind === 'target') {
      const target = removed as ChildRecords['target']
      if (this.targetIdentifiers.get(target.identifier) === id)
        this.targetIdentifiers.delete(target.identifier)
    } else if (kind === 'identity') {
      const identity = removed as ChildRecords['identity']
      if (identity.providerEmail && this.identityEmails.get(identity.providerEmail.toLowerCase()) === id) {
        this.identityEmails.delete(identity.providerEmail.toLowerCase())
      }
    }
    this.onChange?.({ kind, del: id })
    return true
  }

  /** Applies a logged change without reporting it again (replay). */
  apply(change: Change): void {
    const listener = this.onChange
    this.onChange = null
    try {
      if ('del' in change) {
        if (change.kind === 'user') this.deleteUser(change.del)
        else this.deleteChild(change.kind, change.del)
      } else if (change.kind === 'user') {
        this.putUser(change.put)
      } else {
        this.putChild(change.kind, change.put as never)
      }
    } finally {
      this.onChange = listener
    }
  }

  /** Every record as a put change, users first: the content of a snapshot. */
  *entries(): Generator<Change> {
    for (const user of this.users.values()) yield { kind: 'user', put: user }
    for (const kind of Object.keys(this.children) as ChildKind[]) {
      for (const record of this.children[kind].byId.values()) yield { kind, put: record } as Change
    }
  }
}
