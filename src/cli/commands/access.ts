import { Option, type Command } from 'commander'
import { JWT_DURATION, TOKEN_EXPIRE, TOKEN_LENGTH } from '@shared/contract/access'
import { fail } from '@shared/errors'
import { targetProviderTypes, type SignInSecret, type TargetWrite } from '@shared/models/access'
import type { UserIdentity } from '@shared/models/users'
import {
  confirmOf,
  int,
  withConfirmOption,
  withProjectOptions,
  type CliContext,
  type ProjectOptions,
} from '../context'
import { table } from '../output'
import { dayText } from '@shared/clock'

interface Confirmable extends ProjectOptions {
  yes?: boolean
  confirm?: string
}

interface SecretOptions extends ProjectOptions {
  confirm?: string
  includeSecret?: boolean
}

/**
 * Secrets go to standard output in text mode, which is what the command is for. In JSON they are left
 * out unless asked for by name (`--include-secret`), so a script that logs its JSON logs no credential.
 */
function printSecret(ctx: CliContext, made: SignInSecret, includeSecret: boolean | undefined): void {
  if (ctx.json) {
    const { secret: _secret, link, ...rest } = made
    ctx.print(includeSecret ? made : { ...rest, secretOmitted: true, linkOmitted: link !== null }, () => '')
    return
  }
  const what = { token: 'one-time token', session: 'session secret', jwt: 'JWT' }[made.kind]
  ctx.io.out(
    [
      `${what} (shown once; Userdeck keeps no copy)`,
      made.secret,
      ...(made.link ? ['sign-in link', made.link] : []),
      `expires ${made.expire}`,
      `audit entry ${made.entryId}`,
    ].join('\n'),
  )
}

function targetText(w: TargetWrite): string {
  const t = w.target
  const undo = w.undoable ? `\nundo: userdeck users undo ${w.entryId}` : ''
  return `${t ? `${t.providerType} target ${t.id}: ${t.identifier}${t.name ? ` (${t.name})` : ''}` : 'removed'}\naudit entry ${w.entryId}${undo}`
}

/** `userdeck users identities|targets|sign-in …`: the same project selection and confirmation flags as the rest. */
export function registerAccessCommands(users: Command, ctx: CliContext): void {
  const identities = users.command('identities').description("a user's OAuth identities")

  withProjectOptions(identities.command('list'))
    .description('the OAuth identities linked to a user')
    .argument('<userId>')
    .action(async (userId: string, opts: ProjectOptions) => {
      const project = await ctx.resolveProject(opts)
      ctx.print(await ctx.call('users.identities', { project, userId }), (list: UserIdentity[]) =>
        list.length === 0
          ? 'no identities'
          : table(
              ['ID', 'PROVIDER', 'PROVIDER EMAIL', 'PROVIDER UID', 'LINKED'],
              list.map((i) => [i.id, i.provider, i.providerEmail, i.providerUid, dayText(i.createdAt)]),
            ),
      )
    })

  withConfirmOption(withProjectOptions(identities.command('unlink')))
    .description('unlink an OAuth identity (needs --yes: cannot be undone, the person must link it again)')
    .argument('<userId>')
    .argument('<identityId>')
    .option('--yes', 'yes, unlink')
    .action(async (userId: string, identityId: string, opts: Confirmable) => {
      if (!opts.yes)
        fail(
          'invalid_input',
          'Unlinking cannot be undone: the person must link the provider again. Add --yes.',
        )
      const project = await ctx.resolveProject(opts)
      const written = await ctx.call('identities.unlink', { project, userId, identityId, ...confirmOf(opts) })
      ctx.print(written, (w) => `unlinked ${identityId} from ${userId}; audit entry ${w.entryId}`)
    })

  const targets = users.command('targets').description("a user's messaging targets (email, SMS, push)")

  withConfirmOption(withProjectOptions(targets.command('add')))
    .description('add a messaging target (undoable)')
    .argument('<userId>')
    .addOption(
      new Option('--type <type>', 'provider type').choices(targetProviderTypes).makeOptionMandatory(),
    )
    .requiredOption('--identifier <value>', 'an email, an E.164 phone number or a push token')
    .option('--name <name>')
    .option('--provider-id <id>', 'send through this provider (default: the first of its type)')
    .option('--id <targetId>', 'a custom id (default: Appwrite makes one)')
    .action(
      async (
        userId: string,
        opts: ProjectOptions & {
          confirm?: string
          type: (typeof targetProviderTypes)[number]
          identifier: string
          name?: string
          providerId?: string
          id?: string
        },
      ) => {
        const project = await ctx.resolveProject(opts)
        const written = await ctx.call('targets.create', {
          project,
          userId,
          providerType: opts.type,
          identifier: opts.identifier,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.providerId ? { providerId: opts.providerId } : {}),
          ...(opts.id ? { targetId: opts.id } : {}),
          ...confirmOf(opts),
        })
        ctx.print(written, targetText)
      },
    )

  withConfirmOption(withProjectOptions(targets.command('update')))
    .description("change a target's identifier, name or provider (undoable unless the provider changes)")
    .argument('<userId>')
    .argument('<targetId>')
    .option('--identifier <value>')
    .option('--name <name>')
    .option('--provider-id <id>')
    .action(
      async (
        userId: string,
        targetId: string,
        opts: ProjectOptions & { identifier?: string; name?: string; providerId?: string; confirm?: string },
      ) => {
        const project = await ctx.resolveProject(opts)
        const written = await ctx.call('targets.update', {
          project,
          userId,
          targetId,
          ...(opts.identifier !== undefined ? { identifier: opts.identifier } : {}),
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.providerId !== undefined ? { providerId: opts.providerId } : {}),
          ...confirmOf(opts),
        })
        ctx.print(written, targetText)
      },
    )

  withConfirmOption(withProjectOptions(targets.command('remove')))
    .description('remove a target for good (needs --yes; a push target cannot be got back)')
    .argument('<userId>')
    .argument('<targetId>')
    .option('--yes', 'yes, remove')
    .action(async (userId: string, targetId: string, opts: Confirmable) => {
      if (!opts.yes)
        fail(
          'invalid_input',
          'Removing a target cannot be undone: messages stop reaching it, and a push device must register again. Add --yes.',
        )
      const project = await ctx.resolveProject(opts)
      ctx.print(
        await ctx.call('targets.remove', { project, userId, targetId, ...confirmOf(opts) }),
        targetText,
      )
    })

  const signIn = users
    .command('sign-in')
    .description('credentials to sign in as a user: shown once, never stored, audited without the secret')

  const secretCommand = (name: string, description: string) =>
    withConfirmOption(withProjectOptions(signIn.command(name)))
      .description(description)
      .argument('<userId>')
      .option('--include-secret', 'with --json: put the secret (and link) in the JSON')

  secretCommand('token', 'a one-time token for a custom or magic-link flow (and its sign-in link)')
    .option('--length <n>', `characters (${TOKEN_LENGTH.min}–${TOKEN_LENGTH.max})`, int, TOKEN_LENGTH.default)
    .option(
      '--expire <seconds>',
      `valid for (${TOKEN_EXPIRE.min}–${TOKEN_EXPIRE.max})`,
      int,
      TOKEN_EXPIRE.default,
    )
    .action(async (userId: string, opts: SecretOptions & { length: number; expire: number }) => {
      const project = await ctx.resolveProject(opts)
      const made = await ctx.call('signIn.createToken', {
        project,
        userId,
        length: opts.length,
        expire: opts.expire,
        ...confirmOf(opts),
      })
      printSecret(ctx, made, opts.includeSecret)
    })

  secretCommand('session', "a server session: its secret is the session cookie's value").action(
    async (userId: string, opts: SecretOptions) => {
      const project = await ctx.resolveProject(opts)
      printSecret(
        ctx,
        await ctx.call('signIn.createSession', { project, userId, ...confirmOf(opts) }),
        opts.includeSecret,
      )
    },
  )

  secretCommand('jwt', 'a JWT acting as the user, for debugging in the project’s own app')
    .option('--session-id <id>', 'bind it to this session, or "recent" for the newest (default: none)')
    .option(
      '--duration <seconds>',
      `valid for (${JWT_DURATION.min}–${JWT_DURATION.max})`,
      int,
      JWT_DURATION.default,
    )
    .action(async (userId: string, opts: SecretOptions & { sessionId?: string; duration: number }) => {
      const project = await ctx.resolveProject(opts)
      const made = await ctx.call('signIn.createJwt', {
        project,
        userId,
        duration: opts.duration,
        ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
        ...confirmOf(opts),
      })
      printSecret(ctx, made, opts.includeSecret)
    })

  withProjectOptions(signIn.command('link'))
    .description("the project's sign-in link template: the app's URL with {userId} and {secret}")
    .option('--set <template>', 'e.g. "https://app.example.com/login?userId={userId}&secret={secret}"')
    .option('--clear', 'remove the template')
    .action(async (opts: ProjectOptions & { set?: string; clear?: boolean }) => {
      if (opts.set !== undefined && opts.clear)
        fail('invalid_input', 'Use either --set or --clear, not both.', { field: 'set' })
      const project = await ctx.resolveProject(opts)
      const result =
        opts.set !== undefined || opts.clear
          ? await ctx.call('signIn.setLinkTemplate', { project, template: opts.clear ? null : opts.set! })
          : await ctx.call('signIn.linkTemplate', { project })
      ctx.print(result, (r) => r.template ?? 'no sign-in link template')
    })
}
