import { readFileSync, writeFileSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { projectColours, type ConnectionReport } from '@shared/contract/projects'
import { errorCodes, fail, type ErrorCode } from '@shared/errors'
import { projectTags, safeModes, type ProjectView } from '@shared/models'
import { confirmOf, PROOF_HELP, type CliContext } from '../context'
import { table } from '../output'
import { sdkMismatch, serverName } from '@shared/appwrite-versions'
import { recentTime } from '@shared/clock'

function scopesText(p: ProjectView): string {
  const one = (name: string, v: boolean | null) => `${name}${v === null ? '?' : v ? '' : ' ✗'}`
  return `${one('read', p.scopes.read)} ${one('write', p.scopes.write)}`
}

/** "Appwrite 1.9.5", "Appwrite Cloud", or "?" before a check has read it. */
function serverText(p: ProjectView): string {
  return p.server ? serverName(p.server) : '?'
}

function statusText(p: ProjectView): string {
  return p.reach.message ? `${p.reach.state}: ${p.reach.message}` : p.reach.state
}

function keyText(p: ProjectView): string {
  if (p.demo) return 'built in'
  if (!p.key.present) return 'none'
  return `…${p.key.lastFour ?? ''}${p.key.inMemoryOnly ? ' (memory)' : ''}`
}

function projectsTable(projects: ProjectView[]): string {
  if (projects.length === 0) return 'No projects. Add one with `userdeck projects add`.'
  return table(
    ['ID', 'NAME', 'TAG', 'ENDPOINT', 'PROJECT', 'SERVER', 'KEY', 'SCOPES', 'CHECKED'],
    projects.map((p) => [
      p.id,
      p.name + (p.safeMode === 'off' ? '' : ` (${p.safeMode})`),
      p.tag,
      p.endpoint,
      p.projectId,
      serverText(p),
      keyText(p),
      scopesText(p),
      p.lastCheckedAt ? recentTime(p.lastCheckedAt) : 'never',
    ]),
  )
}

function projectText(p: ProjectView): string {
  return [
    `${p.name} (${p.tag}${p.safeMode === 'off' ? '' : `, ${p.safeMode}`})  ${p.id}`,
    `  endpoint  ${p.endpoint}`,
    `  project   ${p.projectId}`,
    `  server    ${serverText(p)}`,
    ...(p.server && sdkMismatch(p.server) ? [`  warning   ${sdkMismatch(p.server)}`] : []),
    `  key       ${keyText(p)}`,
    `  scopes    ${scopesText(p)}`,
    `  status    ${statusText(p)}`,
  ].join('\n')
}

const ALLOW_INSECURE_HTTP = 'accept a plain http:// endpoint on another machine: the key travels unencrypted'

function failedTest(report: ConnectionReport): never {
  const code = report.error?.code
  fail(
    (errorCodes as readonly (string | undefined)[]).includes(code) ? (code as ErrorCode) : 'unreachable',
    `The connection test failed, so nothing was saved: ${report.error?.message ?? 'no answer'} ` +
      'Fix the address or key, or add --save-anyway to keep the project as it is.',
    { field: 'endpoint' },
  )
}

/** off writes at once, confirm needs --confirm NAME on every write, read-only refuses every write. */
function safeModeOption(description: string): Option {
  return new Option('--safe-mode <level>', description).choices(safeModes)
}

export function registerProjectsCommands(program: Command, ctx: CliContext): void {
  const projects = program
    .command('projects')
    .description('the Appwrite projects Userdeck knows; keys stay in the OS keychain')

  /** A failed check is still a finished command, but scripts need to see it in the exit code. */
  const reportCheck = (view: ProjectView) => {
    ctx.print(view, projectText)
    if (view.reach.state !== 'online') ctx.exitCode = 1
  }

  const keychainNote = async () => {
    const { keychain } = await ctx.call('app.info', {})
    if (!keychain.available)
      ctx.io.err(`warning: ${keychain.message ?? 'no keychain'} (the key lasts for this command only)`)
  }

  projects
    .command('list')
    .description('list projects in their order, with key and scope status')
    .action(async () => ctx.print(await ctx.call('projects.list', {}), projectsTable))

  projects
    .command('add')
    .description('add a project and check it; the key comes from --key-env VAR or standard input')
    .requiredOption('--name <name>', 'what to call it')
    .requiredOption('--endpoint <url>', 'the API endpoint, e.g. https://fra.cloud.appwrite.io/v1')
    .requiredOption('--project-id <id>', 'the Appwrite project id')
    .addOption(new Option('--colour <colour>', 'its colour').choices(projectColours).default('indigo'))
    .addOption(new Option('--tag <tag>', 'its tag').choices(projectTags).default('development'))
    .addOption(safeModeOption('its safe mode (default: confirm for production, off otherwise)'))
    .option('--key-env <VAR>', 'read the API key from this environment variable instead of standard input')
    .option('--allow-insecure-http', ALLOW_INSECURE_HTTP)
    .option('--save-anyway', 'keep the project even if its connection test fails')
    .action(
      async (opts: {
        name: string
        endpoint: string
        projectId: string
        colour: (typeof projectColours)[number]
        tag: (typeof projectTags)[number]
        safeMode?: (typeof safeModes)[number]
        keyEnv?: string
        allowInsecureHttp?: boolean
        saveAnyway?: boolean
      }) => {
        const key = await ctx.readKey(opts.keyEnv)
        const address = {
          endpoint: opts.endpoint,
          projectId: opts.projectId,
          ...(opts.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
        }
        // A project that does not answer is not saved without being asked to: it would only fail later.
        if (!opts.saveAnyway) {
          const report = await ctx.call('projects.test', { ...address, key })
          if (!report.ok) failedTest(report)
        }
        const view = await ctx.call('projects.add', {
          name: opts.name,
          ...address,
          colour: opts.colour,
          tag: opts.tag,
          ...(opts.safeMode ? { safeMode: opts.safeMode } : {}),
          key,
        })
        await keychainNote()
        reportCheck(view)
      },
    )

  projects
    .command('edit <project>')
    .description('change a project (by name or id); a new endpoint or project id is checked again')
    .option('--name <name>', 'new name')
    .option('--endpoint <url>', 'new endpoint')
    .option('--allow-insecure-http', ALLOW_INSECURE_HTTP)
    .option('--project-id <id>', 'new Appwrite project id')
    .addOption(new Option('--colour <colour>', 'new colour').choices(projectColours))
    .addOption(new Option('--tag <tag>', 'new tag').choices(projectTags))
    .addOption(safeModeOption('a new safe mode; a lower one needs the stored key as proof'))
    .option('--proof-env <VAR>', PROOF_HELP)
    .option('--key-env <VAR>', 'a new API key from this variable (needed to move it to another server)')
    .action(
      async (
        nameOrId: string,
        opts: {
          name?: string
          endpoint?: string
          allowInsecureHttp?: boolean
          projectId?: string
          colour?: (typeof projectColours)[number]
          tag?: (typeof projectTags)[number]
          safeMode?: (typeof safeModes)[number]
          proofEnv?: string
          keyEnv?: string
        },
      ) => {
        const { proofEnv, keyEnv, ...rest } = opts
        const view = await ctx.callWithProof(
          'projects.update',
          {
            project: await ctx.projectRef(nameOrId),
            ...rest,
            ...(keyEnv ? { key: ctx.keyFromEnv(keyEnv) } : {}),
          },
          { env: proofEnv, stdinFree: true },
        )
        ctx.print(view, projectText)
      },
    )

  projects
    .command('check <project>')
    .description('test the connection and find out what the key may do; exit code 1 if it fails')
    .action(async (nameOrId: string) =>
      reportCheck(await ctx.call('projects.check', { project: await ctx.projectRef(nameOrId) })),
    )

  projects
    .command('set-key <project>')
    .description('replace the stored key (from --key-env VAR or standard input) and check it')
    .option('--key-env <VAR>', 'read the API key from this environment variable instead of standard input')
    .option('--proof-env <VAR>', PROOF_HELP)
    .action(async (nameOrId: string, opts: { keyEnv?: string; proofEnv?: string }) => {
      const project = await ctx.projectRef(nameOrId)
      const key = await ctx.readKey(opts.keyEnv)
      const view = await ctx.callWithProof(
        'projects.setKey',
        { project, key },
        { env: opts.proofEnv, stdinFree: opts.keyEnv !== undefined },
      )
      await keychainNote()
      reportCheck(view)
    })

  projects
    .command('delete-key <project>')
    .description(
      'delete the stored key from the keychain; the project stays (a guarded one asks for the key as proof)',
    )
    .option('--proof-env <VAR>', PROOF_HELP)
    .action(async (nameOrId: string, opts: { proofEnv?: string }) =>
      ctx.print(
        await ctx.callWithProof(
          'projects.deleteKey',
          { project: await ctx.projectRef(nameOrId) },
          { env: opts.proofEnv, stdinFree: true },
        ),
        projectText,
      ),
    )

  projects
    .command('remove <project>')
    .description('remove a project and its key; a production project needs --confirm with its name')
    .option('--confirm <name>', "the project's name, required for production projects")
    .option('--proof-env <VAR>', PROOF_HELP)
    .action(async (nameOrId: string, opts: { confirm?: string; proofEnv?: string }) => {
      const result = await ctx.callWithProof(
        'projects.remove',
        {
          project: await ctx.projectRef(nameOrId),
          ...confirmOf(opts),
        },
        { env: opts.proofEnv, stdinFree: true },
      )
      ctx.print(result, (r) => `removed ${r.removed} and its key`)
    })

  projects
    .command('export')
    .description('write the project definitions (never keys) as JSON, to --out or standard output')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { out?: string }) => {
      const { json, count } = await ctx.call('projects.export', {})
      if (!opts.out) return ctx.io.out(json)
      writeFileSync(opts.out, json, { mode: 0o600 })
      ctx.print({ file: opts.out, count }, (r) => `exported ${r.count} projects to ${r.file}`)
    })

  projects
    .command('import <file>')
    .description('add the projects of a definitions file; each then needs its key (set-key)')
    .action(async (file: string) => {
      const report = await ctx.call('projects.import', { json: readFileSync(file, 'utf8') })
      ctx.print(report, (r) =>
        [
          ...r.added.map(
            (p) => `added ${p.name} (${p.id}): set its key with \`userdeck projects set-key ${p.id}\``,
          ),
          ...r.skipped.map((s) => `skipped ${s.name}: ${s.reason}`),
          `${r.added.length} added, ${r.skipped.length} skipped`,
        ].join('\n'),
      )
    })
}
