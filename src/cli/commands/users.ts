import { randomUUID } from 'node:crypto'
import { Option, type Command } from 'commander'
import {
  exportColumns,
  hashColumns,
  sortableUserFields,
  type ExportColumn,
  type PasswordHashInput,
  type UserFilters,
  type UserSort,
} from '@shared/contract/users'
import { fail } from '@shared/errors'
import type { UserPage, UserRecord } from '@shared/models'
import type { UserWrite } from '@shared/models/users'
import {
  PROOF_HELP,
  confirmOf,
  confirmOption,
  int,
  withProjectOptions,
  type CliContext,
  type ProjectOptions,
} from '../context'
import { table } from '../output'
import { reconnect, withConnectionOptions, type ConnectionOptions } from '../reconnect'
import { registerUserBulkCommands } from './users-bulk'
import { registerAccessCommands } from './access'
import { dayAndTime, dayText, exactTime } from '@shared/clock'

function usersTable(page: UserPage): string {
  const rows = page.users.map((u) => [
    u.id,
    u.name,
    u.email,
    u.phone,
    u.status ? 'active' : 'blocked',
    [u.emailVerification ? 'email' : '', u.phoneVerification ? 'phone' : ''].filter(Boolean).join('+') || '-',
    u.labels.join(','),
    dayText(u.registration),
  ])
  const offset = page.nextOffset === null ? '' : ` --offset ${page.nextOffset}`
  const more = page.nextCursor ? `\nmore: --cursor ${page.nextCursor}${offset}` : ''
  return `${table(['ID', 'NAME', 'EMAIL', 'PHONE', 'STATUS', 'VERIFIED', 'LABELS', 'REGISTERED'], rows)}\n${page.users.length} of ${page.total}${page.totalCapped ? '+' : ''} users${more}`
}

function userText(u: UserRecord): string {
  const line = (k: string, v: string) => `  ${k.padEnd(14)}${v || '-'}`
  return [
    `${u.name || '(no name)'}  ${u.id}`,
    line('email', `${u.email}${u.email ? (u.emailVerification ? ' (verified)' : ' (unverified)') : ''}`),
    line('phone', `${u.phone}${u.phone ? (u.phoneVerification ? ' (verified)' : ' (unverified)') : ''}`),
    line('status', u.status ? 'active' : 'blocked'),
    line('labels', u.labels.join(', ')),
    line('mfa', u.mfa ? 'on' : 'off'),
    line('impersonator', u.impersonator ? 'yes' : 'no'),
    line('password', u.hash ? `${u.hash}, changed ${dayText(u.passwordUpdate)}` : 'none'),
    line('registered', exactTime(u.registration)),
    line('last access', u.accessedAt ? dayAndTime(u.accessedAt) : 'never'),
    line('prefs', JSON.stringify(u.prefs)),
  ].join('\n')
}

function writeText(w: UserWrite): string {
  const undo = w.undoable ? `\nundo: userdeck users undo ${w.entryId}` : ''
  return `${w.user ? userText(w.user) : 'deleted'}\naudit entry ${w.entryId}${undo}`
}

const bool = (name: string) => (v: string) => {
  if (v !== 'true' && v !== 'false') fail('invalid_input', `--${name} takes true or false.`, { field: name })
  return v === 'true'
}

function parseSort(value: string): UserSort {
  const [field, direction = 'asc'] = value.split(':')
  if (
    !(sortableUserFields as readonly string[]).includes(field ?? '') ||
    !['asc', 'desc'].includes(direction)
  ) {
    fail('invalid_input', `--sort is FIELD[:asc|desc], FIELD one of ${sortableUserFields.join(', ')}.`, {
      field: 'sort',
    })
  }
  return { field: field as UserSort['field'], direction: direction as UserSort['direction'] }
}

interface FilterOptions {
  search?: string
  status?: 'active' | 'blocked'
  emailVerified?: boolean
  phoneVerified?: boolean
  impersonator?: boolean
  label?: string
  registeredAfter?: string
  registeredBefore?: string
  passwordChangedAfter?: string
  passwordChangedBefore?: string
  anonymous?: boolean
  neverVerified?: boolean
  /** false with --no-sessions (commander's negated flag). */
  sessions?: boolean
  accessedAfter?: string
  accessedBefore?: string
  sort?: UserSort
}

/** The same filters as the browser, as options; they become the same Appwrite queries in main. */
function withFilterOptions(command: Command): Command {
  return command
    .option('-s, --search <text>', 'full-text search over name, email, phone and id')
    .addOption(new Option('--status <status>', 'only active or blocked users').choices(['active', 'blocked']))
    .option('--email-verified <bool>', 'true|false', bool('email-verified'))
    .option('--phone-verified <bool>', 'true|false', bool('phone-verified'))
    .option('--impersonator <bool>', 'true|false: users who may impersonate others', bool('impersonator'))
    .option('--label <label>', 'users carrying this label')
    .option('--registered-after <date>', 'registered on or after this day (YYYY-MM-DD) or time')
    .option('--registered-before <date>', 'registered on or before this day or time')
    .option('--password-changed-after <date>', 'password changed on or after this day or time')
    .option('--password-changed-before <date>', 'password changed on or before this day or time')
    .option('--anonymous', 'users with neither an email nor a phone')
    .option('--never-verified', 'users whose email and phone are both unverified')
    .option('--no-sessions', 'users with no session (one request per user looked at)')
    .option(
      '--accessed-after <date>',
      'last access on or after this day or time (not on every Appwrite version)',
    )
    .option('--accessed-before <date>', 'last access on or before this day or time')
    .option('--sort <field[:dir]>', `sort by ${sortableUserFields.join('|')}, asc or desc`, parseSort)
}

function selectionOf(opts: FilterOptions): { search?: string; filters?: UserFilters; sort?: UserSort } {
  const filters: UserFilters = {}
  if (opts.status) filters.status = opts.status
  if (opts.emailVerified !== undefined) filters.emailVerified = opts.emailVerified
  if (opts.phoneVerified !== undefined) filters.phoneVerified = opts.phoneVerified
  if (opts.impersonator !== undefined) filters.impersonator = opts.impersonator
  if (opts.label) filters.label = opts.label
  if (opts.registeredAfter) filters.registeredAfter = opts.registeredAfter
  if (opts.registeredBefore) filters.registeredBefore = opts.registeredBefore
  if (opts.passwordChangedAfter) filters.passwordChangedAfter = opts.passwordChangedAfter
  if (opts.passwordChangedBefore) filters.passwordChangedBefore = opts.passwordChangedBefore
  if (opts.anonymous) filters.anonymous = true
  if (opts.neverVerified) filters.neverVerified = true
  if (opts.sessions === false) filters.noSessions = true
  if (opts.accessedAfter) filters.accessedAfter = opts.accessedAfter
  if (opts.accessedBefore) filters.accessedBefore = opts.accessedBefore
  return {
    ...(opts.search ? { search: opts.search } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(opts.sort ? { sort: opts.sort } : {}),
  }
}

const hashTypes = ['argon2', 'bcrypt', 'md5', 'phpass', 'sha', 'scrypt', 'scryptModified'] as const

interface CreateOptions extends ProjectOptions {
  id?: string
  name?: string
  email?: string
  phone?: string
  passwordEnv?: string
  hashType?: (typeof hashTypes)[number]
  hashEnv?: string
  shaVersion?: string
  salt?: string
  saltSeparator?: string
  signerKey?: string
  cpu?: number
  memory?: number
  parallel?: number
  length?: number
}

function hashOf(ctx: CliContext, o: CreateOptions): PasswordHashInput | undefined {
  if (!o.hashType) return undefined
  if (!o.hashEnv)
    fail('invalid_input', '--hash-type needs --hash-env VAR naming the variable that holds the hash.')
  const hash = ctx.keyFromEnv(o.hashEnv)
  const need = <T>(v: T | undefined, flag: string): T => {
    if (v === undefined)
      fail('invalid_input', `--hash-type ${o.hashType} needs ${flag}.`, { field: flag.slice(2) })
    return v
  }
  switch (o.hashType) {
    case 'sha':
      return { type: 'sha', hash, ...(o.shaVersion ? { version: o.shaVersion as 'sha256' } : {}) }
    case 'scrypt':
      return {
        type: 'scrypt',
        hash,
        salt: need(o.salt, '--salt'),
        cpu: o.cpu ?? 16384,
        memory: o.memory ?? 8,
        parallel: o.parallel ?? 1,
        length: o.length ?? 64,
      }
    case 'scryptModified':
      return {
        type: 'scryptModified',
        hash,
        salt: need(o.salt, '--salt'),
        saltSeparator: need(o.saltSeparator, '--salt-separator'),
        signerKey: need(o.signerKey, '--signer-key'),
      }
    default:
      return { type: o.hashType, hash }
  }
}

export function registerUsersCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('find and manage the users of a project')

  withFilterOptions(withProjectOptions(users.command('list')))
    .description('list users (newest last unless --sort), with the same filters as the browser')
    .option('-l, --limit <n>', 'users per page (1–500)', int, 25)
    .option('--cursor <userId>', 'continue after this user (printed at the end of the previous page)')
    .option(
      '--offset <n>',
      'where the next page starts (printed with --cursor); lets paging go on when the sort column is empty',
      int,
    )
    .action(
      async (opts: ProjectOptions & FilterOptions & { limit: number; cursor?: string; offset?: number }) => {
        const project = await ctx.resolveProject(opts)
        const page = await ctx.call('users.list', {
          project,
          limit: opts.limit,
          ...selectionOf(opts),
          ...(opts.cursor ? { cursor: opts.cursor } : {}),
          ...(opts.offset !== undefined ? { offset: opts.offset } : {}),
        })
        ctx.print(page, usersTable)
      },
    )

  withProjectOptions(users.command('get'))
    .description('one user, everything the list shows and more')
    .argument('<userId>')
    .action(async (userId: string, opts: ProjectOptions) => {
      const project = await ctx.resolveProject(opts)
      ctx.print(await ctx.call('users.get', { project, userId }), userText)
    })

  withProjectOptions(users.command('create'))
    .description('create a user with a password (from --password-env) or a hash made elsewhere')
    .option('--id <userId>', 'a custom id (default: Appwrite makes one)')
    .option('--name <name>')
    .option('--email <email>')
    .option('--phone <e164>')
    .option('--password-env <VAR>', 'the environment variable holding the plain password')
    .addOption(new Option('--hash-type <type>', 'import a password hash of this kind').choices(hashTypes))
    .option('--hash-env <VAR>', 'with --hash-type: the variable holding the hash')
    .option('--sha-version <v>', 'with --hash-type sha: sha1, sha256, sha512, sha3-256…')
    .option('--salt <salt>', 'scrypt / scryptModified salt')
    .option('--salt-separator <s>', 'scryptModified salt separator')
    .option('--signer-key <k>', 'scryptModified signer key')
    .option('--cpu <n>', 'scrypt CPU cost', int)
    .option('--memory <n>', 'scrypt memory cost', int)
    .option('--parallel <n>', 'scrypt parallelisation', int)
    .option('--length <n>', 'scrypt hash length', int)
    .addOption(confirmOption())
    .action(async (opts: CreateOptions & { confirm?: string }) => {
      const project = await ctx.resolveProject(opts)
      const passwordHash = hashOf(ctx, opts)
      const written = await ctx.call('users.create', {
        project,
        ...(opts.id ? { userId: opts.id } : {}),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.email ? { email: opts.email } : {}),
        ...(opts.phone ? { phone: opts.phone } : {}),
        ...(opts.passwordEnv ? { password: ctx.keyFromEnv(opts.passwordEnv) } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...confirmOf(opts),
      })
      ctx.print(written, writeText)
    })

  withProjectOptions(users.command('update'))
    .description('change fields of one user; each change is audited and can be undone')
    .argument('<userId>')
    .option('--name <name>')
    .option('--email <email>', '"" removes it')
    .option('--phone <e164>', '"" removes it')
    .addOption(new Option('--status <status>').choices(['active', 'blocked']))
    .option('--email-verified <bool>', 'true|false', bool('email-verified'))
    .option('--phone-verified <bool>', 'true|false', bool('phone-verified'))
    .option('--labels <a,b,c>', 'replace all labels ("" clears)')
    .option('--prefs <json>', 'replace the preferences with this JSON object')
    .option('--mfa <bool>', 'true|false', bool('mfa'))
    .option(
      '--impersonator <bool>',
      'true|false: may act as other users (Appwrite 1.9+)',
      bool('impersonator'),
    )
    .option('--password-env <VAR>', 'set the password from this environment variable (not undoable)')
    .addOption(confirmOption())
    .action(
      async (
        userId: string,
        opts: ProjectOptions & {
          name?: string
          email?: string
          phone?: string
          status?: 'active' | 'blocked'
          emailVerified?: boolean
          phoneVerified?: boolean
          labels?: string
          prefs?: string
          mfa?: boolean
          impersonator?: boolean
          passwordEnv?: string
          confirm?: string
        },
      ) => {
        const project = await ctx.resolveProject(opts)
        let prefs: Record<string, unknown> | undefined
        if (opts.prefs !== undefined) {
          try {
            prefs = JSON.parse(opts.prefs) as Record<string, unknown>
          } catch {
            fail('invalid_input', '--prefs is not valid JSON.', { field: 'prefs' })
          }
        }
        const change = {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.email !== undefined ? { email: opts.email } : {}),
          ...(opts.phone !== undefined ? { phone: opts.phone } : {}),
          ...(opts.status ? { status: opts.status === 'active' } : {}),
          ...(opts.emailVerified !== undefined ? { emailVerification: opts.emailVerified } : {}),
          ...(opts.phoneVerified !== undefined ? { phoneVerification: opts.phoneVerified } : {}),
          ...(opts.labels !== undefined ? { labels: opts.labels.split(',').filter(Boolean) } : {}),
          ...(prefs !== undefined ? { prefs } : {}),
          ...(opts.mfa !== undefined ? { mfa: opts.mfa } : {}),
          ...(opts.impersonator !== undefined ? { impersonator: opts.impersonator } : {}),
        }
        if (Object.keys(change).length === 0 && !opts.passwordEnv) {
          fail('invalid_input', 'Nothing to change: give at least one option, e.g. --name.')
        }
        let written: UserWrite | null = null
        if (Object.keys(change).length > 0) {
          written = await ctx.call('users.update', { project, userId, change, ...confirmOf(opts) })
          const { partial } = written
          if (partial)
            fail(
              partial.code,
              `${partial.message} The saved fields are in Activity as entry ${written.entryId}.`,
              {
                field: partial.failed,
              },
            )
        }
        if (opts.passwordEnv) {
          const password = ctx.keyFromEnv(opts.passwordEnv)
          const pw = await ctx.call('users.updatePassword', { project, userId, password, ...confirmOf(opts) })
          written = written ? { ...written, user: pw.user } : pw
        }
        ctx.print(written!, writeText)
      },
    )

  registerUserBulkCommands(users, ctx)

  withConnectionOptions(
    users
      .command('undo')
      .description('reverse one audited change (refused if the user changed since, unless --force)')
      .argument('<entryId>')
      .option('--force', 'undo even though the fields changed since')
      .addOption(confirmOption()),
    'a change',
  ).action(async (entryId: string, opts: ConnectionOptions & { force?: boolean; confirm?: string }) => {
    const made = await ctx.call('activity.get', { entryId })
    await reconnect(ctx, { ...made, subject: `Entry ${entryId}` }, opts)
    const entry = await ctx.call('activity.undo', {
      entryId,
      force: opts.force === true,
      ...confirmOf(opts),
    })
    ctx.print(entry, (e) => `undone: ${e.action} on ${e.userId ?? ''} (entry ${e.id})`)
  })

  withFilterOptions(withProjectOptions(users.command('export')))
    .description('write every matching user (all pages) to a CSV or JSON file under the data folder')
    .addOption(new Option('--format <format>').choices(['csv', 'json']).default('csv'))
    .option(
      '--columns <a,b>',
      `columns, of ${exportColumns.filter((c) => !hashColumns.includes(c)).join(',')}`,
      'id,name,email,phone,status,emailVerification,phoneVerification,labels,registration,accessedAt',
    )
    .option('--include-hashes', `also export ${hashColumns.join(', ')} (file readable by you only)`)
    .option('--proof-env <VAR>', `with --include-hashes: ${PROOF_HELP}`)
    .action(
      async (
        opts: ProjectOptions &
          FilterOptions & {
            format: 'csv' | 'json'
            columns: string
            includeHashes?: boolean
            proofEnv?: string
          },
      ) => {
        const project = await ctx.resolveProject(opts)
        const columns = opts.columns.split(',').filter(Boolean) as ExportColumn[]
        if (opts.includeHashes) for (const c of hashColumns) if (!columns.includes(c)) columns.push(c)
        const done = await ctx.callWithProof(
          'users.export',
          {
            exportId: randomUUID(),
            project,
            format: opts.format,
            columns,
            includeHashes: opts.includeHashes === true,
            ...selectionOf(opts),
          },
          { env: opts.proofEnv, stdinFree: true },
        )
        ctx.print(done, (d) =>
          [
            `${d.rows} users written to ${d.path} (${d.bytes} bytes)`,
            ...(d.containsHashes
              ? ['warning: the file holds password hashes; it is readable by you only. Delete it when done.']
              : []),
          ].join('\n'),
        )
      },
    )

  registerAccessCommands(users, ctx)
}
