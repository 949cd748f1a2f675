import { describe, expect, it } from 'vitest'
import { AppErrorException, appError } from '@shared/errors'
import type { JobRow } from '../../../src/host/jobs/job-kind'
import { AdaptiveLimiter, retrying } from '../../../src/host/jobs/pacing'
import { rowRetry, rowSignal, runRows, Stopped } from '../../../src/host/jobs/row-runner'

async function* rowsOf(count: number, failAt?: number): AsyncGenerator<JobRow> {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error('the file went away')
    yield { key: `k${i}`, label: `row ${i}`, data: i }
  }
}

/** Rows that end only when the test says so, to watch the loop with rows in flight. */
function heldRows() {
  const started: number[] = []
  const release = new Map<number, () => void>()
  const each = (_row: JobRow, index: number) =>
    new Promise<void>((resolve) => {
      started.push(index)
      release.set(index, resolve)
    })
  return { started, each, end: (index: number) => release.get(index)!() }
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('runRows', () => {
  it('runs no more rows at once than the limiter allows, and every row once, in order of starting', async () => {
    const held = heldRows()
    const done = runRows(rowsOf(5), { limiter: new AdaptiveLimiter(2, 2), signal: rowSignal() }, held.each)
    await settle()
    expect(held.started).toEqual([0, 1])
    held.end(0)
    await settle()
    expect(held.started).toEqual([0, 1, 2])
    for (const i of [1, 2, 3, 4]) {
      held.end(i)
      await settle()
    }
    expect(await done).toBe(5)
    expect(held.started).toEqual([0, 1, 2, 3, 4])
  })

  it('counts the skipped rows without running them, and gives each row its place in the job', async () => {
    const seen: [string, number][] = []
    const total = await runRows(
      rowsOf(4),
      { limiter: new AdaptiveLimiter(), signal: rowSignal(), skip: (row) => row.key === 'k1' },
      async (row, index) => void seen.push([row.key, index]),
    )
    expect(total).toBe(4)
    expect(seen).toEqual([
      ['k0', 0],
      ['k2', 2],
      ['k3', 3],
    ])
  })

  it('starts no row while the gate is shut', async () => {
    let gate: { promise: Promise<void>; open: () => void } | null = null
    const shut = () => {
      let open!: () => void
      const promise = new Promise<void>((resolve) => (open = resolve))
      gate = {
        promise,
        open: () => {
          gate = null
          open()
        },
      }
    }
    shut()
    const seen: string[] = []
    const done = runRows(
      rowsOf(3),
      { limiter: new AdaptiveLimiter(), signal: rowSignal(), gate: () => gate?.promise },
      async (row) => void seen.push(row.key),
    )
    await settle()
    expect(seen).toEqual([])
    gate!.open()
    expect(await done).toBe(3)
    expect(seen).toEqual(['k0', 'k1', 'k2'])
  })

  it('starts nothing more once stopped, and resolves when the rows in flight have ended', async () => {
    const abort = new AbortController()
    const held = heldRows()
    const done = runRows(
      rowsOf(10),
      { limiter: new AdaptiveLimiter(2, 2), signal: rowSignal(abort) },
      held.each,
    )
    await settle()
    abort.abort()
    held.end(0)
    await settle()
    let resolved = false
    void done.then(() => (resolved = true))
    await settle()
    expect(resolved).toBe(false)
    held.end(1)
    expect(await done).toBeLessThan(10)
    expect(held.started).toEqual([0, 1])
  })

  it('lets the rows started end before it reports rows that could not be read', async () => {
    const held = heldRows()
    const done = runRows(rowsOf(5, 2), { limiter: new AdaptiveLimiter(), signal: rowSignal() }, held.each)
    let failed: unknown = null
    done.catch((err: unknown) => (failed = err))
    await settle()
    expect(held.started).toEqual([0, 1])
    expect(failed).toBeNull()
    held.end(0)
    held.end(1)
    await expect(done).rejects.toThrow('the file went away')
  })
  it('reports a row that threw only once every other row started has ended', async () => {
    const held = heldRows()
    const done = runRows(rowsOf(3), { limiter: new AdaptiveLimiter(), signal: rowSignal() }, (row, index) =>
      index === 1 ? Promise.reject(new Error('a row broke its promise')) : held.each(row, index),
    )
    let failed: unknown = null
    done.catch((err: unknown) => (failed = err))
    await settle()
    expect(held.started).toEqual([0, 2])
    expect(failed).toBeNull()
    held.end(0)
    await settle()
    expect(failed).toBeNull()
    held.end(2)
    await expect(done).rejects.toThrow('a row broke its promise')
  })
})

describe('rowRetry', () => {
  it('counts each retry and stops with Stopped when the job stops during a backoff', async () => {
    const abort = new AbortController()
    let retries = 0
    let calls = 0
    const call = async () => {
      calls++
      if (calls === 2) abort.abort()
      throw new AppErrorException(appError('server_error', 'busy'))
    }
    const limiter = new AdaptiveLimiter()
    await expect(
      retrying(
        call,
        rowRetry({ limiter, signal: rowSignal(abort) }, () => retries++),
      ),
    ).rejects.toBeInstanceOf(Stopped)
    expect(calls).toBe(2)
    expect(retries).toBe(2)
  })
})
