import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'

/**
 * Every `bench:*` script in package.json, run in its tiny mode: it must still run and end with its
 * figures as one JSON object carrying the keys its header documents. Nothing here is timed.
 */
const ROOT = join(import.meta.dirname, '../../..')
const run = promisify(execFile)
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts
const benches = Object.entries(scripts).filter(([name]) => name.startsWith('bench:'))

/** The keys of the JSON object a bench's header comment shows after "last line". */
function documentedKeys(source: string): string[] {
  const header = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? ''
  const shown = /last line[^{]*(\{[^}]*\})/i.exec(header)?.[1] ?? ''
  return [...shown.matchAll(/"(\w+)"/g)].map((m) => m[1]!)
}

/**
 * Benches that keep their profiles where an environment variable says: the folders need not exist
 * (a missing one once failed bench:import minutes in, after all its rounds had run).
 */
const keeps: Record<string, { env: (dir: string) => Record<string, string>; files: string[] }> = {
  'bench:import': {
    env: (dir) => ({
      BENCH_ALLOC_PROFILE_DIR: join(dir, 'alloc'),
      BENCH_PROFILE_FILE: join(dir, 'cpu', 'import.cpuprofile'),
    }),
    files: ['alloc/userdeck.heapprofile', 'alloc/raw.heapprofile', 'cpu/import.cpuprofile'],
  },
}

interface Ended {
  code: number
  stdout: string
  stderr: string
}

async function npmRun(name: string, env: Record<string, string>): Promise<Ended> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', name], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 280_000,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('every benchmark runs, in tiny mode, to its documented figures', () => {
  it('finds the benchmarks in package.json', () => {
    expect(benches.map(([name]) => name)).toEqual(
      expect.arrayContaining(['bench:browser', 'bench:bulk', 'bench:import', 'bench:sandbox']),
    )
  })

  it.each(benches)('%s', { timeout: 300_000 }, async (name, script) => {
    const file = /bench\/[\w-]+\.ts/.exec(script)?.[0]
    expect(file, `${name} runs no bench/*.ts file: ${script}`).toBeDefined()
    const keys = documentedKeys(readFileSync(join(ROOT, file!), 'utf8'))
    expect(keys, `${file}'s header should show its last line: Last line: {"key": …, …}`).not.toEqual([])
    const profiles = tempDir('userdeck-bench-profiles-')
    const ended = await npmRun(name, { BENCH_TINY: '1', ...keeps[name]?.env(profiles) })
    expect(ended.code, ended.stderr.slice(-3000)).toBe(0)
    for (const file of keeps[name]?.files ?? [])
      expect(existsSync(join(profiles, file)), `${name} did not keep ${file}`).toBe(true)
    const last = ended.stdout.trim().split('\n').at(-1) ?? ''
    const figures = JSON.parse(last) as unknown
    expect(figures).toBeTypeOf('object')
    expect(Array.isArray(figures)).toBe(false)
    for (const key of keys) expect(figures, `${name}: its last line lacks "${key}"`).toHaveProperty(key)
  })

  it('bench:import sets a variant against the app as it runs, turn about', { timeout: 300_000 }, async () => {
    const ended = await npmRun('bench:import', { BENCH_TINY: '1', BENCH_IMPORT_VARIANT: 'worker=64' })
    expect(ended.code, ended.stderr.slice(-3000)).toBe(0)
    const figures = JSON.parse(ended.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>
    expect(figures.variant).toBe('worker=64')
    // As many runs of each, the app's figures from the app's runs alone.
    expect(figures.paired_ratios_variant).toHaveLength(3)
    expect(figures.paired_ratios).toHaveLength(3)
    expect(figures.userdeck_runs_users_per_sec).toHaveLength(3)
    expect(figures.fraction_of_ceiling_paired_variant).toBeTypeOf('number')
    expect(figures.peak_rss_mb_1m_rows_variant).toBeGreaterThan(0)
    // Each process says where its runs ran: the variant's in its worker, the app's on its own thread.
    expect(ended.stderr).toMatch(
      /^Userdeck import job \(worker=64\) in a worker thread with a 64 MB young generation: /m,
    )
    expect(ended.stderr).toMatch(/^Userdeck import job: /m)
    expect(ended.stderr).not.toMatch(/^Userdeck import job: .*worker/m)
    expect(ended.stderr).toMatch(
      /^the same, worker=64, in a worker thread with a 64 MB young generation: \d+ MB$/m,
    )
  })

  it('bench:import refuses a variant it cannot read, in one line, before it runs anything', async () => {
    const ended = await npmRun('bench:import', { BENCH_TINY: '1', BENCH_IMPORT_VARIANT: 'worker=lots' })
    expect(ended.code).not.toBe(0)
    expect(ended.stdout.trim()).toBe('')
    expect(ended.stderr.trim()).toBe(
      'bench:import: cannot run: BENCH_IMPORT_VARIANT=worker=lots: worker=N takes a whole number of MB',
    )
  })

  it('a bench that cannot run says why in one line and exits non-zero', { timeout: 120_000 }, async () => {
    const empty = tempDir('userdeck-no-renderer-')
    const ended = await npmRun('bench:browser', { BENCH_TINY: '1', USERDECK_RENDERER_DIR: empty })
    expect(ended.code).not.toBe(0)
    expect(ended.stdout.trim()).toBe('')
    expect(ended.stderr.trim().split('\n').at(-1)).toBe(
      `bench:browser: cannot run: USERDECK_RENDERER_DIR=${empty} holds no built renderer (no index.html).`,
    )
  })

  it('a bench whose work never ends does not exit silently with 0', async () => {
    const ended = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./bench/run-bench.ts').then(({ runBench }) => runBench('bench:stuck', () => new Promise(() => {})))",
      ],
      { cwd: ROOT },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(ended.code).toBe(1)
    expect(ended.stderr.trim()).toBe(
      'bench:stuck: stopped before its figures: something it waited for never happened',
    )
  })

  it('reads the keys a header documents', () => {
    expect(
      documentedKeys('/**\n * Runs.\n * Last line: {"a_b": …,\n *   "c": …}\n */\nconst x = {"d": 1}'),
    ).toEqual(['a_b', 'c'])
    expect(documentedKeys('/** Prints one JSON object as its last line: {"x": …}. */')).toEqual(['x'])
  })
})
