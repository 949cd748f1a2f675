/**
 * How fast the CLI answers, against a bare `node -e 0` in the same run: `userdeck projects list` on a
 * data folder with a stored project, and `userdeck users list --limit 5` on a running sandbox named by
 * URL. Each figure is the median wall time of several runs of the bin (which runs the bundle), the
 * three commands taking turns so a busy moment of the machine falls on all of them alike.
 * Builds the CLI bundle first.
 * Last line: {"projects_list_vs_node": …, "users_list_vs_node": …, "node_ms": …, "projects_list_ms": …,
 *   "users_list_ms": …, "runs": …}
 * Env: BENCH_CLI_RUNS (default 9); BENCH_TINY=1 for two runs.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { startSandbox } from '../src/sandbox'
import { log, median, ROOT as root, runBench, sized } from './run-bench'

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? sized(9, 2))
const KEY = 'bench_cli_key_0123456789abcdef'
const bin = join(root, 'bin', 'userdeck.mjs')

/** Runs a command to its end and answers with its wall time; asynchronous, so the sandbox in this process keeps answering. */
function timed(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - started
      if (code === 0) resolve(ms)
      else reject(new Error(`${args.slice(1).join(' ')} exited ${code}: ${stderr.trim().split('\n')[0]}`))
    })
  })
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], {
      cwd: root,
      stdio: 'pipe',
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0 && output.includes('wrote out/cli')) resolve()
      else reject(new Error(`building the CLI bundle failed: ${output.trim().split('\n').at(-1)}`))
    })
  })
}

async function main(): Promise<Record<string, number>> {
  await build()
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-cli-'))
  const sandbox = await startSandbox({ port: 0, projectId: 'bench', apiKey: KEY, seed: 200, quiet: true })
  try {
    // A stored project for `projects list`; its key stays in this process, so no keychain is touched.
    const host = await createHost({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
    const added = await host.dispatch('projects.add', {
      name: 'Bench',
      endpoint: sandbox.url,
      projectId: 'bench',
      key: KEY,
    })
    await host.close()
    if (!added.ok) throw new Error(`adding the bench project failed: ${added.error.message}`)

    const env = { ...process.env, USERDECK_DATA_DIR: dataDir, BENCH_CLI_KEY: KEY }
    const commands = {
      node: ['-e', '0'],
      projects: [bin, 'projects', 'list'],
      users: [
        bin,
        'users',
        'list',
        '--limit',
        '5',
        '--endpoint',
        sandbox.url,
        '--project-id',
        'bench',
        '--key-env',
        'BENCH_CLI_KEY',
      ],
    }
    const times: Record<keyof typeof commands, number[]> = { node: [], projects: [], users: [] }
    // One unmeasured round first: the first start of anything reads its files from disk.
    for (let round = 0; round <= RUNS; round++) {
      for (const name of Object.keys(commands) as (keyof typeof commands)[]) {
        const ms = await timed(commands[name], env)
        if (round > 0) times[name].push(ms)
      }
    }
    const node = median(times.node)
    const projects = median(times.projects)
    const users = median(times.users)
    log(
      `node -e 0: ${node.toFixed(0)} ms; projects list: ${projects.toFixed(0)} ms; users list: ${users.toFixed(0)} ms`,
    )
    const round2 = (n: number) => Math.round(n * 100) / 100
    return {
      projects_list_vs_node: round2(projects / node),
      users_list_vs_node: round2(users / node),
      node_ms: Math.round(node),
      projects_list_ms: Math.round(projects),
      users_list_ms: Math.round(users),
      runs: RUNS,
    }
  } finally {
    await sandbox.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runBench('bench:cli', main)
