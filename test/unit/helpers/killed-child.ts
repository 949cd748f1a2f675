import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

export interface JournalLine {
  key: string
  phase: string
  outcome?: string
  reason?: string
}

export function journal(dataDir: string, jobId: string): JournalLine[] {
  const file = join(dataDir, 'jobs', jobId, 'journal.jsonl')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as JournalLine] : []
      } catch {
        return [] // the last line may be cut short by the kill
      }
    })
}

/** Every row ended exactly once in the journal, across all the processes that ran the job. */
export function expectEachRowEndedOnce(dataDir: string, jobId: string, rows: number): void {
  const ends = new Map<string, number>()
  for (const l of journal(dataDir, jobId)) if (l.phase === 'end') ends.set(l.key, (ends.get(l.key) ?? 0) + 1)
  expect(ends.size).toBe(rows)
  expect([...ends.values()].every((n) => n === 1)).toBe(true)
}

export interface Child {
  child: ChildProcess
  output: { out: string; err: string }
  exited: Promise<number | null>
}

/**
 * A Userdeck process running `script` (a test's child module) with `env`, started through `launcher`
 * (a command that runs the rest, like prlimit) when given; `output` fills as it prints. The child
 * prints `job ID` once it has planned its job. No Secret Service: it gets its keys from `env`.
 */
export function startChild(script: string, env: Record<string, string>, launcher: string[] = []): Child {
  const command = [...launcher, process.execPath, '--import', 'tsx', script]
  const child = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, DBUS_SESSION_BUS_ADDRESS: '' },
  })
  const output = { out: '', err: '' }
  child.stdout!.on('data', (d: Buffer) => (output.out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output.err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { child, output, exited }
}

/**
 * Kills the child with SIGKILL once its job's journal holds `afterRows` ended rows: deterministic,
 * whatever the machine's speed. Returns the job id; fails the test if the job ended first.
 */
export async function killAfterRows(
  { child, output, exited }: Child,
  dataDir: string,
  afterRows: number,
): Promise<string> {
  let killed = false
  for (;;) {
    const jobId = /job (\S+)/.exec(output.out)?.[1]
    if (jobId && journal(dataDir, jobId).filter((l) => l.phase === 'end').length >= afterRows) {
      child.kill('SIGKILL')
      killed = true
      break
    }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 10))
  }
  await exited
  expect(killed, `the job finished before it could be killed: ${output.err}`).toBe(true)
  return /job (\S+)/.exec(output.out)![1]!
}
