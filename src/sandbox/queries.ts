import { ID_PATTERN } from '../shared/appwrite-limits'
import { ApiError, invalidParam } from './errors'
import { indexText, matchesFulltext, parseFulltext } from './search'

/**
 * Appwrite's query language as node-appwrite's `Query` sends it (JSON strings), validated the way
 * utopia-php/database's Queries validator does, with its messages, then executed in memory.
 */

export type AttributeType = 'string' | 'boolean' | 'datetime' | 'integer' | 'stringArray'

export interface QuerySchema {
  attributes: Readonly<Record<string, AttributeType>>
  /** Methods allowed at all (e.g. logs only allow limit and offset); default: all. */
  methods?: ReadonlySet<string>
}

export interface Query {
  method: string
  attribute: string
  values: unknown[]
}

export interface QueryPlan {
  filters: Query[]
  orders: { attribute: string; desc: boolean; random: boolean }[]
  limit: number
  offset: number
  cursor: { direction: 'after' | 'before'; id: string } | null
}

const FILTER_METHODS = new Set([
  'equal',
  'notEqual',
  'lessThan',
  'lessThanEqual',
  'greaterThan',
  'greaterThanEqual',
  'contains',
  'containsAny',
  'containsAll',
  'notContains',
  'search',
  'notSearch',
  'isNull',
  'isNotNull',
  'between',
  'notBetween',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'regex',
  'exists',
  'notExists',
  'and',
  'or',
])
const OTHER_METHODS = new Set([
  'orderAsc',
  'orderDesc',
  'orderRandom',
  'limit',
  'offset',
  'cursorAfter',
  'cursorBefore',
])
/** Methods Query::parse knows but no Users validator accepts. */
const UNVALIDATED_METHODS = new Set([
  'select',
  'elemMatch',
  'crosses',
  'notCrosses',
  'distanceEqual',
  'distanceNotEqual',
  'distanceGreaterThan',
  'distanceLessThan',
  'intersects',
  'notIntersects',
  'overlaps',
  'notOverlaps',
  'touches',
  'notTouches',
  'vectorDot',
  'vectorCosine',
  'vectorEuclidean',
])
const ONE_VALUE = new Set([
  'notEqual',
  'lessThan',
  'lessThanEqual',
  'greaterThan',
  'greaterThanEqual',
  'search',
  'notSearch',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'regex',
])
const AT_LEAST_ONE = new Set([
  'equal',
  'contains',
  'containsAny',
  'containsAll',
  'notContains',
  'exists',
  'notExists',
])
const ARRAY_OK = new Set([
  'contains',
  'containsAny',
  'containsAll',
  'notContains',
  'isNull',
  'isNotNull',
  'exists',
  'notExists',
])
const CONTAINS = new Set(['contains', 'containsAny', 'containsAll', 'notContains'])

/** utopia's Datetime validator bounds (0000-01-01 … 9999-12-31). */
const MAX_VALUES = 500
const PHP_INT_MAX = '9,223,372,036,854,775,807'

const ucfirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

function invalidQueries(message: string): ApiError {
  return invalidParam('queries', message)
}

function parseOne(raw: unknown): Query {
  let decoded: unknown = raw
  if (typeof raw === 'string') {
    try {
      decoded = JSON.parse(raw)
    } catch {
      throw invalidQueries('Invalid query: Invalid query: Syntax error')
    }
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw invalidQueries('Invalid query: Invalid query. Must be an array, got ' + typeof decoded)
  }
  const object = decoded as Record<string, unknown>
  const method = typeof object['method'] === 'string' ? object['method'] : ''
  const attribute = typeof object['attribute'] === 'string' ? object['attribute'] : ''
  const values = Array.isArray(object['values']) ? object['values'] : []
  if (!FILTER_METHODS.has(method) && !OTHER_METHODS.has(method) && !UNVALIDATED_METHODS.has(method)) {
    throw invalidQueries(`Invalid query: Invalid query method: ${method}`)
  }
  if (method === 'and' || method === 'or') {
    return { method, attribute, values: values.map((value) => parseOne(value)) }
  }
  return { method, attribute, values }
}

function isDatetime(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return false
  const year = new Date(ms).getUTCFullYear()
  return year >= 0 && year <= 9999
}

function valueOk(type: AttributeType, value: unknown, attribute: string): boolean {
  switch (type) {
    case 'string':
    case 'stringArray':
      return typeof value === 'string'
    case 'boolean':
      return typeof value === 'boolean'
    case 'datetime':
      return isDatetime(value)
    case 'integer':
      return attribute === '$sequence'
        ? (typeof value === 'number' && Number.isInteger(value)) ||
            (typeof value === 'string' && /^\d+$/.test(value))
        : typeof value === 'number' && Number.isInteger(value)
  }
}

/** Returns the message of the first problem, as utopia's Filter validator would describe it. */
function filterProblem(query: Query, schema: QuerySchema): string | null {
  const { method, attribute, values } = query
  if (method === 'and' || method === 'or') {
    const nested = values as Query[]
    if (nested.some((q) => !FILTER_METHODS.has(q.method)))
      return `${ucfirst(method)} queries can only contain filter queries`
    if (nested.length < 2) return `${ucfirst(method)} queries require at least two queries`
    for (const q of nested) {
      const problem = filterProblem(q, schema)
      if (problem) return problem
    }
    return null
  }
  if (AT_LEAST_ONE.has(method)) {
    if (values.length === 0 || (Array.isArray(values[0]) && values[0].length === 0))
      return `${ucfirst(method)} queries require at least one value.`
  } else if (ONE_VALUE.has(method)) {
    if (values.length !== 1) return `${ucfirst(method)} queries require exactly one value.`
  } else if (method === 'between' || method === 'notBetween') {
    if (values.length !== 2) return `${ucfirst(method)} queries require exactly two values.`
  }
  const type = schema.attributes[attribute]
  if (!type) return `Attribute not found in schema: ${attribute}`
  if (method === 'exists' || method === 'notExists') return null
  if (values.length > MAX_VALUES)
    return `Query on attribute has greater than ${MAX_VALUES} values: ${attribute}`
  for (const value of values) {
    if (!valueOk(type, value, attribute)) return `Query value is invalid for attribute "${attribute}"`
  }
  const isArray = type === 'stringArray'
  if (!isArray && CONTAINS.has(method) && type !== 'string') {
    const name = method === 'notContains' ? 'notContains' : 'contains'
    return `Cannot query ${name} on attribute "${attribute}" because it is not an array, string, or object.`
  }
  if (isArray && !ARRAY_OK.has(method))
    return `Cannot query ${method} on attribute "${attribute}" because it is an array.`
  return null
}

/**
 * Parses and validates the `queries` param. Every failure is 400 general_argument_invalid with
 * ``Invalid `queries` param: …``. Like the current Appwrite server there is no limit on the number of
 * queries or their length (the documented 100 × 4096 is not enforced by the Users validator).
 */
export function parseQueries(raw: readonly unknown[], schema: QuerySchema): QueryPlan {
  const plan: QueryPlan = { filters: [], orders: [], limit: 25, offset: 0, cursor: null }
  let limitSeen = false
  let offsetSeen = false
  for (const item of raw) {
    const query = parseOne(item)
    const { method, values } = query
    if (UNVALIDATED_METHODS.has(method) || (schema.methods && !schema.methods.has(method))) {
      throw invalidQueries(`Invalid query method: ${method}`)
    }
    if (FILTER_METHODS.has(method)) {
      const problem = filterProblem(query, schema)
      if (problem) throw invalidQueries(`Invalid query: ${problem}`)
      plan.filters.push(query)
      continue
    }
    switch (method) {
      case 'limit': {
        const value = values[0]
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw invalidQueries('Invalid query: Invalid limit: Value must be a valid number')
        if (!Number.isInteger(value) || value < 1)
          throw invalidQueries(
            `Invalid query: Invalid limit: Value must be a valid range between 1 and ${PHP_INT_MAX}`,
          )
        if (!limitSeen) plan.limit = value
        limitSeen = true
        break
      }
      case 'offset': {
        const value = values[0]
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw invalidQueries('Invalid query: Invalid offset: Value must be a valid number')
        if (!Number.isInteger(value) || value < 0)
          throw invalidQueries(
            `Invalid query: Invalid offset: Value must be a valid range between 0 and ${PHP_INT_MAX}`,
          )
        if (!offsetSeen) plan.offset = value
        offsetSeen = true
        break
      }
      case 'cursorAfter':
      case 'cursorBefore': {
        const value = values[0]
        if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
          throw invalidQueries(
            "Invalid query: Invalid cursor: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
          )
        }
        plan.cursor ??= { direction: method === 'cursorAfter' ? 'after' : 'before', id: value }
        break
      }
      case 'orderAsc':
      case 'orderDesc': {
        if (query.attribute !== '' && !schema.attributes[query.attribute]) {
          throw invalidQueries(`Invalid query: Attribute not found in schema: ${query.attribute}`)
        }
        plan.orders.push({
          attribute: query.attribute || '$sequence',
          desc: method === 'orderDesc',
          random: false,
        })
        break
      }
      case 'orderRandom':
        plan.orders.push({ attribute: '', desc: false, random: true })
        break
    }
  }
  return plan
}

/** Reads the `queries` param as sent in a query string (`queries[0]=…`) or a JSON body. */
export function queriesParam(params: Readonly<Record<string, unknown>>): unknown[] {
  const value = params['queries']
  if (value === undefined || value === null || value === '') return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value
  throw invalidParam('queries', 'Value must a valid array and Value must be a valid string')
}

export type Getter<T> = (record: T, attribute: string) => unknown

/** MariaDB compares with a case-insensitive collation (utf8mb4_unicode_ci). */
function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value
}

function compareScalar(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase()
    const y = b.toLowerCase()
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1
  return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0
}

type Predicate<T> = (record: T) => boolean

function compile<T>(query: Query, get: Getter<T>): Predicate<T> {
  const { method, attribute, values } = query
  if (method === 'and' || method === 'or') {
    const parts = (values as Query[]).map((q) => compile(q, get))
    return method === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r))
  }
  const folded = values.map(fold)
  const first = folded[0]
  // SQL: any comparison with NULL is not true, so null attributes only match isNull.
  const scalar =
    (test: (v: unknown) => boolean): Predicate<T> =>
    (r) => {
      const v = get(r, attribute)
      return v !== null && v !== undefined && test(fold(v))
    }
  switch (method) {
    case 'equal':
      return scalar((v) => folded.includes(v))
    case 'notEqual':
      return scalar((v) => v !== first)
    case 'lessThan':
      return scalar((v) => compareScalar(v, first) < 0)
    case 'lessThanEqual':
      return scalar((v) => compareScalar(v, first) <= 0)
    case 'greaterThan':
      return scalar((v) => compareScalar(v, first) > 0)
    case 'greaterThanEqual':
      return scalar((v) => compareScalar(v, first) >= 0)
    case 'between':
      return scalar((v) => compareScalar(v, folded[0]) >= 0 && compareScalar(v, folded[1]) <= 0)
    case 'notBetween':
      return scalar((v) => compareScalar(v, folded[0]) < 0 || compareScalar(v, folded[1]) > 0)
    case 'startsWith':
      return scalar((v) => String(v).startsWith(String(first)))
    case 'notStartsWith':
      return scalar((v) => !String(v).startsWith(String(first)))
    case 'endsWith':
      return scalar((v) => String(v).endsWith(String(first)))
    case 'notEndsWith':
      return scalar((v) => !String(v).endsWith(String(first)))
    case 'regex': {
      let re: RegExp
      try {
        re = new RegExp(String(values[0]), 'i')
      } catch {
        throw new ApiError('general_query_invalid', 'Invalid regular expression')
      }
      return scalar((v) => re.test(String(v)))
    }
    case 'search':
    case 'notSearch': {
      const fulltext = parseFulltext(String(values[0]))
      const negate = method === 'notSearch'
      return scalar((v) => matchesFulltext(indexText(String(v)), fulltext) !== negate)
    }
    case 'isNull':
    case 'notExists':
      return (r) => {
        const v = get(r, attribute)
        return v === null || v === undefined
      }
    case 'isNotNull':
    case 'exists':
      return (r) => {
        const v = get(r, attribute)
        return v !== null && v !== undefined
      }
    case 'contains':
    case 'containsAny':
    case 'containsAll':
    case 'notContains': {
      const negate = method === 'notContains'
      const all = method === 'containsAll'
      return (r) => {
        const v = get(r, attribute)
        if (v === null || v === undefined) return false
        let hit: boolean
        if (Array.isArray(v)) {
          // JSON_CONTAINS compares array elements exactly.
          hit = all ? values.every((x) => v.includes(x)) : values.some((x) => v.includes(x))
        } else {
          const s = String(v).toLowerCase()
          hit = all ? folded.every((x) => s.includes(String(x))) : folded.some((x) => s.includes(String(x)))
        }
        return hit !== negate
      }
    }
    default:
      return () => true
  }
}

export interface ExecuteOptions<T> {
  /** Records in default ($sequence) order. */
  records: Iterable<T>
  plan: QueryPlan
  get: Getter<T>
  seqOf: (record: T) => number
  /** Looks up the cursor record among all records (not only matches); null → cursor not found. */
  findCursor: (id: string) => T | undefined
  cursorLabel: string
  extraFilter?: (record: T) => boolean
  /**
   * Where the database has an index: for an `equal` on `attribute`, the records that could equal
   * `value` (at least every one that does), or null where no index covers the attribute. A top-level
   * `equal` it covers narrows the records to those before anything else is checked.
   */
  lookup?: (attribute: string, value: unknown) => Iterable<T> | null
  /** Cap of the reported total (Appwrite counts at most 5000). */
  totalCap?: number
  countTotal?: boolean
}

export interface ExecuteResult<T> {
  total: number
  items: T[]
}

/** Filters, orders and pages like the database would, and counts the matches (capped). */
const isSearch = (q: Query) => q.method === 'search' || q.method === 'notSearch'

/**
 * Appwrite's only FULLTEXT indexes are on the `search` attributes no Queries validator admits, so a
 * search filter always fails at find. utopia-php/database checks top-level filters (IndexedQueries:
 * QueryException, answered as 400 general_query_invalid); one nested in and/or reaches MariaDB, whose
 * "Can't find FULLTEXT index" error no one catches: a bare 500.
 */
function requireFulltextIndex(filters: readonly Query[]): void {
  for (const q of filters) {
    if (isSearch(q)) {
      throw new ApiError(
        'general_query_invalid',
        `Searching by attribute "${q.attribute}" requires a fulltext index.`,
      )
    }
  }
  const nested = (q: Query): boolean =>
    (q.method === 'and' || q.method === 'or') && (q.values as Query[]).some((v) => isSearch(v) || nested(v))
  if (filters.some(nested)) throw new ApiError('general_unknown', 'Server Error', 500)
}

/**
 * The records a top-level `equal` on an indexed attribute leaves, in $sequence order, or null when no
 * such filter is given. Every filter is still checked against them: these are only the candidates.
 */
function indexedRecords<T>(filters: readonly Query[], options: ExecuteOptions<T>): T[] | null {
  const { lookup, seqOf } = options
  if (!lookup) return null
  for (const q of filters) {
    if (q.method !== 'equal') continue
    const found = new Set<T>()
    const covered = q.values.every((value) => {
      const records = lookup(q.attribute, value)
      if (records === null) return false
      for (const record of records) found.add(record)
      return true
    })
    if (covered) return [...found].sort((a, b) => seqOf(a) - seqOf(b))
  }
  return null
}

export function executeQuery<T>(options: ExecuteOptions<T>): ExecuteResult<T> {
  const { plan, get, seqOf } = options
  const records = indexedRecords(plan.filters, options) ?? options.records
  const totalCap = options.totalCap ?? 5000
  const predicates = plan.filters.map((q) => compile(q, get))
  const extra = options.extraFilter
  const matches = (r: T) => (extra === undefined || extra(r)) && predicates.every((p) => p(r))

  let cursorRecord: T | undefined
  if (plan.cursor) {
    cursorRecord = options.findCursor(plan.cursor.id)
    if (!cursorRecord) {
      throw new ApiError(
        'general_cursor_not_found',
        `${options.cursorLabel} '${plan.cursor.id}' for the 'cursor' value not found.`,
      )
    }
  }

  requireFulltextIndex(plan.filters)

  const orders = plan.orders.filter((o) => !o.random)
  const lastDesc = orders.length > 0 ? (orders[orders.length - 1]?.desc ?? false) : false
  const compare = (a: T, b: T): number => {
    for (const order of orders) {
      const c =
        order.attribute === '$sequence'
          ? seqOf(a) - seqOf(b)
          : compareScalar(get(a, order.attribute), get(b, order.attribute))
      if (c !== 0) return order.desc ? -c : c
    }
    const c = seqOf(a) - seqOf(b)
    return lastDesc ? -c : c
  }
  if (cursorRecord && orders.length > 0) {
    for (const order of orders) {
      if (order.attribute !== '$sequence' && get(cursorRecord, order.attribute) == null) {
        throw new ApiError('database_query_order_null')
      }
    }
  }

  const needsSort = orders.length > 0 || plan.orders.some((o) => o.random)
  const countTotal = options.countTotal ?? true

  // Fast path: default order and cursorAfter/none; scan once, stop once page and capped total are known.
  if (!needsSort && plan.cursor?.direction !== 'before') {
    const items: T[] = []
    let total = 0
    let skipped = 0
    const cursorSeq = cursorRecord ? seqOf(cursorRecord) : -Infinity
    for (const record of records) {
      if (!matches(record)) continue
      if (total < totalCap) total++
      if (seqOf(record) > cursorSeq && items.length < plan.limit) {
        if (skipped < plan.offset) skipped++
        else items.push(record)
      }
      // Matches before the cursor still count towards the total, so only stop once it is capped too.
      if (items.length >= plan.limit && (!countTotal || total >= totalCap)) break
    }
    return { total: countTotal ? total : 0, items }
  }

  const all: T[] = []
  for (const record of records) if (matches(record)) all.push(record)
  if (plan.orders.some((o) => o.random)) {
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      const tmp = all[i] as T
      all[i] = all[j] as T
      all[j] = tmp
    }
  } else {
    all.sort(compare)
  }
  let window = all
  if (cursorRecord) {
    const anchor = cursorRecord
    window =
      plan.cursor?.direction === 'after'
        ? all.filter((r) => compare(r, anchor) > 0)
        : all.filter((r) => compare(r, anchor) < 0)
  }
  let items: T[]
  if (plan.cursor?.direction === 'before') {
    const end = Math.max(0, window.length - plan.offset)
    items = window.slice(Math.max(0, end - plan.limit), end)
  } else {
    items = window.slice(plan.offset, plan.offset + plan.limit)
  }
  return { total: countTotal ? Math.min(all.length, totalCap) : 0, items }
}
