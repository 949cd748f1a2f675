import { describe, expect, it } from 'vitest'
import { Command } from 'commander'
import { appError } from '@shared/errors'
import { flagOf, inFlagTerms } from '../../../src/cli/flag-errors'

function command(): Command {
  return new Command('update')
    .argument('<userId>')
    .option('--email-verified <bool>')
    .option('--registered-after <date>')
    .option('--columns <a,b>')
    .option('--password-env <VAR>')
}

describe('the flag that fed a contract field', () => {
  it('reads nested fields and list items by their last name', () => {
    expect(flagOf('filters.registeredAfter', command())).toBe('--registered-after')
    expect(flagOf('columns.3', command())).toBe('--columns')
  })

  it('knows the fields fed by a flag of another name, where the command has that flag', () => {
    expect(flagOf('change.emailVerification', command())).toBe('--email-verified')
    expect(flagOf('password', command())).toBe('--password-env')
    expect(flagOf('key', command())).toBeUndefined()
  })

  it('names an argument when the field is one', () => {
    expect(flagOf('userId', command())).toBe('<userId>')
  })

  it('leaves other errors, and fields no flag fed, as they are', () => {
    const notFound = appError('not_found', 'No user.', { field: 'userId' })
    expect(inFlagTerms(notFound, command())).toBe(notFound)
    const unfed = appError('invalid_input', 'project must not be empty.', {
      field: 'project',
      rule: 'must not be empty',
    })
    expect(inFlagTerms(unfed, command())).toBe(unfed)
  })
})
