import { copyFileSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { fail } from '@shared/errors'
import type { Input } from '@shared/contract'
import {
  IMPORT_MAX_CONCURRENCY,
  importFormatLabels,
  importFormats,
  onExistingChoices,
  problemRuleLabels,
  withoutPasswords,
  withoutPasswordsWords,
  type ImportFormat,
  type ImportInspection,
  type ImportValidation,
  type OnExisting,
} from '@shared/models/import'
import type { JobView, ReportRow } from '@shared/models/jobs'
import {
  PROOF_HELP,
  confirmOf,
  withConfirmOption,
  withProjectOptions,
  type CliContext,
  type ProjectOptions,
} from '../context'
import { table } from '../output'
import { endOfRun, followWithProgress, jobLine, previewText, sayNothingWritten } from './jobs'
import { streamReport } from '../follow-job'

interface ImportOptions extends ProjectOptions {
  format: ImportFormat | 'auto'
  hashConfig?: string
  map?: string
  /** False with `--no-passwords`. */
  passwords: boolean
  onExisting: OnExisting
  dryRun?: boolean
  problems?: string
  concurrency?: number
  yes?: boolean
  proofEnv?: string
  confirm?: string
}

type Plan = Input<'import.inspect'>['plan']

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return fail('invalid_input', `Cannot read the ${what} file ${path}.`)
  }
}

/** `--map` is `{"email": "E-mail address", …}`, or `{"mapping": {…}, "hash": {…}, "csv": {…}}`. */
function mapFile(path: string): Pick<Plan, 'mapping' | 'hash' | 'csv'> {
  let value: unknown
  try {
    value = JSON.parse(readText(path, 'mapping'))
  } catch {
    fail('invalid_input', `${path} is not JSON. Example: {"email": "E-mail", "name": "Full name"}`, {
      field: 'map',
    })
  }
  const v = value as Record<string, unknown>
  if (v.mapping || v.hash || v.csv) return v as Pick<Plan, 'mapping' | 'hash' | 'csv'>
  return { mapping: v as Plan['mapping'] }
}

function inspectionText(i: ImportInspection): string {
  const csv = i.csv
    ? ` (delimiter "${i.csv.delimiter === '\t' ? 'tab' : i.csv.delimiter}", ${i.csv.header ? 'header row' : 'no header'}, ${i.csv.encoding})`
    : ''
  const mapping = Object.entries(i.mapping)
    .map(([field, column]) => `${field} ← ${column}`)
    .join(', ')
  const hashes = i.detectedHashes
    .map((h) => `${h.type}${h.shaVersion ? ` (${h.shaVersion})` : ''}: ${h.rows} of the first rows`)
    .join('; ')
  return [
    `format: ${importFormatLabels[i.format]}${csv}`,
    `mapping: ${mapping || '(none)'}`,
    `passwords: ${hashes || 'none'}`,
    ...i.notes.map((n) => `note: ${n}`),
  ].join('\n')
}

/** Examples of each kind of problem the summary lists, as the window's validation step does. */
const EXAMPLES_SHOWN = 5

/**
 * The validation as the window's step shows it: the first rows of each kind of problem, then how many
 * more each has, and where they all are (`problemsFile`, the `--problems` file) or how to get them.
 * Under the table, not in it, so a long path is not clipped to the table's width.
 */
function validationText(v: ImportValidation, problemsFile?: string): string {
  const head = `${v.rows} rows: ${v.valid} valid, ${v.existing} already in the project`
  if (v.problems.length === 0) return `${head}, no problems.`
  const rows = v.problems.flatMap((p) =>
    p.examples
      .slice(0, EXAMPLES_SHOWN)
      .map((e) => [problemRuleLabels[p.rule], String(p.count), String(e.row), e.field, e.message]),
  )
  const where = problemsFile ? ` (all in ${problemsFile})` : '; --problems FILE saves them all'
  const more = v.problems
    .filter((p) => p.count > EXAMPLES_SHOWN)
    .map((p) => `${problemRuleLabels[p.rule]}: … and ${p.count - EXAMPLES_SHOWN} more${where}`)
  return [head, table(['PROBLEM', 'ROWS', 'ROW', 'FIELD', 'RULE BROKEN'], rows, 70), ...more].join('\n')
}

function reportText(job: JobView, notDone: ReportRow[]): string {
  const rows = notDone.slice(0, 20).map((r) => [r.key, r.label, r.outcome, r.reason ?? ''])
  const list = rows.length > 0 ? `\n${table(['ROW', 'USER', 'OUTCOME', 'WHY'], rows, 80)}` : ''
  const more = notDone.length > 20 ? `\n… and ${notDone.length - 20} more` : ''
  return `${jobLine(job)}${list}${more}\nfull report: userdeck jobs report ${job.id} --format csv`
}

/** "The users…" → "the users…", for a sentence the help text runs on into. */
function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1)
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > IMPORT_MAX_CONCURRENCY)
    throw new InvalidArgumentError(`Expected a whole number from 1 to ${IMPORT_MAX_CONCURRENCY}.`)
  return n
}

export function registerImportCommands(program: Command, ctx: CliContext): void {
  withConfirmOption(
    withProjectOptions(
      program
        .command('import')
        .description('import users from a CSV, JSON, Firebase, Auth0 or Supabase export, passwords included')
        .argument('<file>', 'the export to import (or a project id with --format appwrite)'),
      { demoByDefault: false },
    ),
  )
    .option('--format <format>', `auto or ${importFormats.join(', ')}`, 'auto')
    .option('--hash-config <file>', "Firebase's hash_config block as its console shows it, or JSON")
    .option('--map <file>', 'column mapping as JSON: {"email": "E-mail", …}')
    .option(
      '--no-passwords',
      `the window's "${withoutPasswordsWords.label}": ${lowerFirst(withoutPasswordsWords.description)} A --hash-config is then not read.`,
    )
    .option(
      '--on-existing <choice>',
      `what to do with users already there: ${onExistingChoices.join(', ')}`,
      'skip',
    )
    .option('--dry-run', 'validate and show what would happen, row by row; write nothing')
    .option(
      '--problems <file>',
      'write every row with a problem to this CSV (row, rule, field, message, id, email, phone), with or without importing',
    )
    .option('--concurrency <k>', 'at most this many calls at once (the engine adapts below it)', positiveInt)
    .option('-y, --yes', 'import, leaving out the rows with problems (without it nothing is written)')
    .option('--proof-env <VAR>', `from another project: ${PROOF_HELP}`)
    .action(async (file: string, opts: ImportOptions) => {
      // Unlike a read, an import never falls back to the demo project: where the users go is said.
      if (opts.project === undefined && opts.endpoint === undefined)
        fail(
          'invalid_input',
          'Name the project the users go into: --project, or --endpoint with --project-id and --key-env.',
          {
            field: 'project',
          },
        )
      if (!(['auto', ...importFormats] as string[]).includes(opts.format))
        fail('invalid_input', `--format is auto or ${importFormats.join(', ')}.`, { field: 'format' })
      if (!(onExistingChoices as readonly string[]).includes(opts.onExisting))
        fail('invalid_input', `--on-existing is ${onExistingChoices.join(', ')}.`, { field: 'onExisting' })
      const fromMap = opts.map ? mapFile(opts.map) : {}
      // Without passwords a hash config has nothing to verify: one Appwrite refuses no longer stops it.
      const firebase =
        opts.hashConfig && opts.passwords
          ? await ctx.call('import.parseHashConfig', { text: readText(opts.hashConfig, 'hash config') })
          : undefined
      const plan: Plan = {
        project: await ctx.resolveProject(opts),
        source:
          opts.format === 'appwrite' && !/[./\\]/.test(file)
            ? { kind: 'project', project: file }
            : { kind: 'file', path: resolve(file) },
        format: opts.format,
        ...fromMap,
        ...(firebase ? { hash: { ...(fromMap.hash ?? { type: 'auto' as const }), firebase } } : {}),
      }
      let inspection = await ctx.call('import.inspect', { plan })
      if (!opts.passwords) {
        // As the window's checkbox: the mapping found (or given) with no password field, read again.
        plan.mapping = withoutPasswords(inspection.mapping)
        inspection = await ctx.call('import.inspect', { plan })
      }
      // As the window's Validate waits for the config: without it every password row would be left
      // out, and a dry run would plan a job that imports none of them.
      if (inspection.format === 'firebase' && !inspection.hash.firebase && inspection.mapping.password)
        fail(
          'invalid_input',
          "Firebase passwords need the project's hash config: --hash-config FILE, with the hash_config block from Firebase console → Authentication → Users → ⋮ → Password hash parameters. Or import the users without their passwords: --no-passwords.",
          { field: 'hashConfig' },
        )
      const validation = await ctx.call('import.validate', { plan })
      if (!ctx.json) ctx.io.err(`${inspectionText(inspection)}\n${validationText(validation, opts.problems)}`)
      if (opts.problems) {
        // The validation's examples are the first few of each kind; the file names every one.
        const saved = await ctx.call('import.saveProblems', { plan })
        copyFileSync(saved.path, opts.problems)
        ctx.io.err(`wrote ${saved.rows} ${saved.rows === 1 ? 'problem' : 'problems'} to ${opts.problems}`)
      }
      const skip = validation.problems.map((p) => p.rule)
      if (skip.length > 0 && !opts.yes && !opts.dryRun) {
        const every = opts.problems ? '' : ' (every row with a problem: --problems FILE)'
        ctx.print(
          { inspection, validation },
          () =>
            `Nothing was written. Fix the file${every} or --map, or re-run with --yes to leave those rows out.`,
        )
        ctx.exitCode = 1
        return
      }
      const planned = await ctx.callWithProof(
        'import.createJob',
        {
          plan,
          onExisting: opts.onExisting,
          skip,
          ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        },
        { env: opts.proofEnv, stdinFree: true },
      )
      if (opts.dryRun || !opts.yes) {
        const preview = await ctx.call('jobs.preview', { jobId: planned.id, limit: 50 })
        ctx.print({ inspection, validation, job: planned, preview }, () => previewText(preview))
        sayNothingWritten(ctx, planned, opts)
        return
      }
      const job = await followWithProgress(ctx, planned.id, () =>
        ctx.call('jobs.start', { jobId: planned.id, ...confirmOf(opts) }),
      )
      // Streamed: a million-row import's report is never held whole, only the rows not done.
      const notDone = await streamReport(await ctx.getHost(), planned.id, ['skipped', 'failed', 'pending'])
      const resume = endOfRun(ctx, job)
      ctx.print({ inspection, validation, job, notDone }, () => reportText(job, notDone) + resume)
    })
}
