/**
 * Emulation of Appwrite's full-text search (MariaDB FULLTEXT in boolean mode).
 *
 * Appwrite replaces the operator characters `@ + - * ( ) < > ~ "` with spaces, collapses whitespace and
 * appends `*`, or wraps the term in quotes when the caller quoted it. MariaDB then splits that into words
 * on non-word characters: in boolean mode without `+` operators a row matches when ANY word matches,
 * every word whole except the last, which is a prefix (the trailing `*`). A quoted term is a phrase.
 *
 * Each record keeps its searchable text as ` tok1 tok2 … ` (lower-case, single spaces, padded), so a
 * whole word is `includes(' w ')`, a prefix `includes(' w')` and a phrase `includes(' a b ')`: one
 * linear pass over 100,000 users takes a few milliseconds, with no index to maintain on writes.
 */
const WORD_SPLIT = /[^\p{L}\p{N}_]+/u
const OPERATORS = /[@+\-*()<>~"]/g

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(WORD_SPLIT)
    .filter((token) => token !== '')
}

/** The padded token text stored per record. */
export function indexText(...parts: (string | null | undefined)[]): string {
  const tokens = tokenize(parts.filter((part) => part).join(' '))
  return ` ${tokens.join(' ')} `
}

export type Fulltext =
  { kind: 'nothing' } | { kind: 'words'; needles: string[] } | { kind: 'phrase'; needle: string }

export function parseFulltext(term: string): Fulltext {
  const exact = term.length >= 2 && term.startsWith('"') && term.endsWith('"')
  const cleaned = term.replace(OPERATORS, ' ').replace(/\s+/g, ' ').trim()
  const tokens = tokenize(cleaned)
  if (tokens.length === 0) return { kind: 'nothing' }
  if (exact) return { kind: 'phrase', needle: ` ${tokens.join(' ')} ` }
  const needles = tokens.map((token, i) => (i === tokens.length - 1 ? ` ${token}` : ` ${token} `))
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
