/**
 * Emulation of Appwrite's full-text search: utopia-php/database's MariaDB adapter runs
 * `MATCH(search) AGAINST (:term IN BOOLEAN MODE)` on an InnoDB FULLTEXT index, with MariaDB's defaults.
 *
 * The term (SQL::getFulltextValue): the operator characters `@ + - * ( ) < > ~ "` become spaces,
 * whitespace collapses and `*` is appended, or the term stays a quoted phrase when the caller quoted it.
 * MariaDB splits that into words on non-word characters: without `+` operators a row matches when ANY
 * word matches, every word whole except the last, which is a prefix (the trailing `*`).
 *
 * InnoDB's defaults decide who can be found at all: words shorter than `innodb_ft_min_token_size` (3)
 * and words on its default stopword list are never indexed, and are dropped from a query unless they
 * carry the `*` (so "al" finds "alice" but never a user whose only match is the word "al").
 *
 * Each record keeps its indexed words as ` tok1 tok2 … ` (lower-case, single spaces, padded), so a
 * whole word is `includes(' w ')`, a prefix `includes(' w')` and a phrase `includes(' a b ')`: one
 * linear pass over 100,000 users takes a few milliseconds, with no index to maintain on writes.
 */
const WORD_SPLIT = /[^\p{L}\p{N}_]+/u
const OPERATORS = /[@+\-*()<>~"]/g
/** innodb_ft_min_token_size's default. */
const MIN_TOKEN = 3
/** INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD. */
const STOPWORDS: ReadonlySet<string> = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
)

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(WORD_SPLIT)
    .filter((token) => token !== '')
}

/** A word InnoDB puts in (or keeps in a query for) its full-text index. */
const indexable = (token: string) => [...token].length >= MIN_TOKEN && !STOPWORDS.has(token)

/** The padded text of the words a FULLTEXT index holds for these values. */
export function indexText(...parts: (string | null | undefined)[]): string {
  const tokens = tokenize(parts.filter((part) => part).join(' ')).filter(indexable)
  return ` ${tokens.join(' ')} `
}

/**
 * The value of a user's `search` attribute, as Appwrite's `userSearch` filter writes it
 * (app/init/database/filters.php): id, email, name, phone and `label:<name>` for each label.
 */
export function userSearchText(user: {
  $id: string
  email: string | null
  name: string
  phone: string | null
  labels: readonly string[]
}): string {
  return indexText(user.$id, user.email, user.name, user.phone, ...user.labels.map((l) => `label:${l}`))
}

export type Fulltext =
  { kind: 'nothing' } | { kind: 'words'; needles: string[] } | { kind: 'phrase'; needle: string }

export function parseFulltext(term: string): Fulltext {
  const exact = term.length >= 2 && term.startsWith('"') && term.endsWith('"')
  const cleaned = term.replace(OPERATORS, ' ').replace(/\s+/g, ' ').trim()
  const tokens = tokenize(cleaned)
  if (tokens.length === 0) return { kind: 'nothing' }
  if (exact) {
    const words = tokens.filter(indexable)
    return words.length === 0 ? { kind: 'nothing' } : { kind: 'phrase', needle: ` ${words.join(' ')} ` }
  }
  const last = tokens.length - 1
  const needles: string[] = []
  tokens.forEach((token, i) => {
    if (i === last) needles.push(` ${token}`)
    else if (indexable(token)) needles.push(` ${token} `)
  })
  return { kind: 'words', needles }
}

export function matchesFulltext(text: string, query: Fulltext): boolean {
  switch (query.kind) {
    case 'nothing':
      return false
    case 'phrase':
      return text.includes(query.needle)
    case 'words':
      for (const needle of query.needles) if (text.includes(needle)) return true
      return false
  }
}
