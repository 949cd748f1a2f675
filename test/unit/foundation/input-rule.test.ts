import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { inputRule } from '../../../src/host/ipc/input-rule'

/** The rule for the first issue zod raises, as the dispatcher's error map sees it. */
function ruleFor(schema: z.ZodType, value: unknown): string | undefined {
  let rule: string | undefined
  // zod builds the issues' messages when they are first read.
  void schema.safeParse(value, { error: (issue) => (rule ??= inputRule(issue)) }).error?.issues
  return rule
}

describe('input rules in plain words', () => {
  it('says numeric limits as a person would', () => {
    expect(ruleFor(z.number().max(500), 501)).toBe('must be 500 or less')
    expect(ruleFor(z.number().lt(10), 10)).toBe('must be less than 10')
    expect(ruleFor(z.number().min(1), 0)).toBe('must be 1 or more')
    expect(ruleFor(z.number().int(), 2.5)).toBe('must be a whole number')
    expect(ruleFor(z.number(), Number.NaN)).toBe('must be a number')
  })

  it('says lengths and choices', () => {
    expect(ruleFor(z.string().max(3), 'abcd')).toBe('must be at most 3 characters')
    expect(ruleFor(z.string().min(1), '')).toBe('must not be empty')
    expect(ruleFor(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('must have at most 2 items')
    expect(ruleFor(z.enum(['csv', 'json']), 'xml')).toBe('must be one of csv, json')
    expect(ruleFor(z.strictObject({ a: z.string() }), {})).toBe('is required')
  })

  it('leaves the rest to zod', () => {
    expect(ruleFor(z.string().regex(/^x$/), 'y')).toBeUndefined()
  })
})
