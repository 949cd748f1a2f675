/** The parts of a zod issue (raw, as an error map gets it) that say what the value had to be. */
export interface IssueFacts {
  code: string
  input?: unknown
  expected?: string
  origin?: string
  format?: string
  maximum?: number | bigint | Date
  minimum?: number | bigint | Date
  inclusive?: boolean
  values?: readonly unknown[]
  divisor?: number | bigint
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`)

/**
 * What a value must be, in words that follow the field's name ("must be 500 or less"), for the
 * contract's checks that carry no message of their own. Each shell names the field its own way:
 * the window by its label, the CLI by the flag that fed it. Undefined where zod's words are as good.
 */
export function inputRule(issue: IssueFacts): string | undefined {
  const { maximum: max, minimum: min } = issue
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      if (issue.expected === 'int') return 'must be a whole number'
      return issue.expected ? `must be ${article(issue.expected)}` : undefined
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive ? `must be ${max} or less` : `must be less than ${max}`
      if (issue.origin === 'string') return `must be at most ${max} characters`
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${max} items`
      return undefined
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive ? `must be ${min} or more` : `must be more than ${min}`
      if (issue.origin === 'string')
        return min === 1 ? 'must not be empty' : `must be at least ${min} characters`
      if (issue.origin === 'array' || issue.origin === 'set')
        return min === 1 ? 'must not be empty' : `must have at least ${min} items`
      return undefined
    case 'invalid_value':
      if (!issue.values?.length) return undefined
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address'
      if (issue.format === 'url') return 'must be a URL'
      return undefined
    default:
      return undefined
  }
}
