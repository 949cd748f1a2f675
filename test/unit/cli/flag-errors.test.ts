import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Command } from 'commander'
import { appError } from '@shared/errors'
import { flagOf, inFlagTerms } from '../../../src/cli/flag-errors'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/** The CLI speaks of what was typed: flags and commands, never the contract's channels and fields. */
describe('CLI errors in flag terms', () => {
  const dataDir = tempDir()
  const key = 'flag-errors-key-0123456789'
  let sandbox: RunningSandbox
  let connection: string[]

  beforeAll(async () => {
    sandbox = await startSandbox({ projectId: 'flags', apiKey: key, seed: 3, quiet: true })
    connection = ['--endpoint', sandbox.url, '--project-id', 'flags', '--key-env', 'FLAGS_KEY']
  })
  afterAll(() => sandbox.close())

  const run = async (...argv: string[]) => {
    const io = captureIo({ FLAGS_KEY: key })
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, stdout: io.stdout, stderr: io.stderr }
  }

  it('names the flag and its limit when a value is out of range', async () => {
    const big = await run('users', 'list', ...connection, '--limit', '1000')
    expect(big.code).toBe(2)
    expect(big.stderr.trim()).toBe('error (invalid_input): --limit must be 500 or less.')
    const small = await run('users', 'list', ...connection, '--limit', '0')
    expect(small.stderr.trim()).toBe('error (invalid_input): --limit must be 1 or more.')
    const nan = await run('users', 'list', ...connection, '--limit', 'many')
    expect(nan.stderr.trim()).toBe('error (invalid_input): --limit must be a number.')
  })

  it('puts the contract’s own sentence after the flag that fed the field', async () => {
    const date = await run('users', 'list', ...connection, '--registered-after', 'yesterday')
    expect(date.code).toBe(2)
    expect(date.stderr.trim()).toBe(
      'error (invalid_input): --registered-after: Use a date like 2024-05-01 or an ISO date-time.',
    )
    const email = await run('users', 'update', 'someone', ...connection, '--email', 'not-an-email')
    expect(email.stderr.trim()).toBe('error (invalid_input): --email: Not a valid email address.')
  })

  it('a taken email ends with the command that shows who has it, on the same project', async () => {
    const made = await run(
      '--json',
      'users',
      'create',
      ...connection,
      '--id',
      'first',
      '--email',
      'taken@example.com',
    )
    expect(made.code).toBe(0)
    const again = await run(
      'users',
      'create',
      ...connection,
      '--email',
      'Taken@example.com',
      '--name',
      'Second',
    )
    expect(again.code).not.toBe(0)
    expect(again.stderr.trim()).toBe(
      `error (conflict): Another user already has this email address. See who: userdeck users get first --endpoint ${sandbox.url} --project-id flags --key-env FLAGS_KEY`,
    )
    // The suggested command, run as printed, shows that user.
    const shown = await run('--json', 'users', 'get', 'first', ...connection)
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'first', email: 'taken@example.com' })
  })

  it('names a listed flag for an item of its list, and never a channel or a dotted field', async () => {
    const columns = await run('users', 'export', ...connection, '--columns', 'id,bogus')
    expect(columns.code).toBe(2)
    expect(columns.stderr).toMatch(/^error \(invalid_input\): --columns must be one of id, name, /)
    for (const out of [columns.stderr]) {
      expect(out).not.toMatch(/users\.export|columns\.1|"columns/)
    }
  })

  it('keeps the field in JSON output beside the message in flag terms', async () => {
    const json = await run('--json', 'users', 'list', ...connection, '--limit', '1000')
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: {
        code: 'invalid_input',
        field: 'limit',
        rule: 'must be 500 or less',
        message: '--limit must be 500 or less.',
      },
    })
  })

  it('after a mistyped command prints one suggestion and where help is, not the whole help', async () => {
    const typo = await run('users', 'lst')
    expect(typo.code).not.toBe(0)
    expect(typo.stderr).toContain("error: unknown command 'lst'")
    expect(typo.stderr).toContain('(Did you mean list?)')
    expect(typo.stderr).toContain('Run `userdeck users --help` for its commands.')
    expect(typo.stderr).not.toContain('Usage:')
    expect(typo.stdout).toBe('')
    expect(typo.stderr.trim().split('\n')).toHaveLength(3)
  })

  it('after a mistyped flag suggests the flag and points at that command’s help', async () => {
    const typo = await run('users', 'list', '--limitt', '5')
    expect(typo.code).not.toBe(0)
    expect(typo.stderr.trim().split('\n')).toEqual([
      "error: unknown option '--limitt'",
      '(Did you mean --limit?)',
      'Run `userdeck users list --help` for its options.',
    ])
    const top = await run('userz')
    expect(top.stderr).toContain('(Did you mean users?)')
    expect(top.stderr).toContain('Run `userdeck --help` for its commands.')
    expect(top.stderr).not.toContain('Usage:')
  })

  it('a command line it cannot read is invalid input like any other: exit 2, and JSON under --json', async () => {
    const typo = await run('users', 'list', ...connection, '--limitt', '5')
    const refused = await run('users', 'list', ...connection, '--limit', '1000')
    expect([typo.code, refused.code]).toEqual([2, 2])
    const asJson = async (...argv: string[]) => {
      const r = await run('--json', ...argv)
      expect(r.code).toBe(2)
      return JSON.parse(r.stdout) as { error: { code: string; message: string } }
    }
    expect(await asJson('users', 'list', '--limitt', '5')).toEqual({
      error: {
        code: 'invalid_input',
        message: "unknown option '--limitt' (Did you mean --limit?)",
        retryable: false,
      },
    })
    expect((await asJson('import')).error.message).toBe("missing required argument 'file'")
    expect((await asJson('import', 'users.csv', '--concurrency', '0')).error.message).toBe(
      "option '--concurrency <k>' argument '0' is invalid. Expected a whole number from 1 to 512.",
    )
    // Help and the version are not refusals.
    expect((await run('--json', '--version')).code).toBe(0)
    expect((await run('--json', 'users', 'list', '--help')).code).toBe(0)
  })

  it('still prints the whole help when asked', async () => {
    const help = await run('users', 'list', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: userdeck users list')
  })

  it('says in its help that an import names its project, as it refuses to run without one', async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ')
    const list = await run('users', 'list', '--help')
    expect(flat(list.stdout)).toContain('by name or id (default: the demo project)')
    const help = await run('import', '--help')
    expect(flat(help.stdout)).toContain('by name or id (this or --endpoint is required)')
    expect(flat(help.stdout)).not.toContain('default: the demo project')
    const refused = await run('import', 'users.csv')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('Name the project the users go into: --project, or --endpoint')
  })
})

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
