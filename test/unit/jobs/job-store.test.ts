import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { JobStore, runElsewhere, stoppedState, type JobFile } from '../../../src/host/jobs/job-store'
import { tempDir } from '../helpers/temp-dir'

const spec = {
  kind: 'labels',
  title: 'Add vip',
  project: 'demo',
  projectName: 'Demo project',
  params: { a: 1 },
}

/** A pid no process has: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!
}

describe('JobStore', () => {
  it('creates a planned job in its own folder, and finds it again from disk', () => {
    const dataDir = tempDir()
    const store = new JobStore(dataDir)
    const file = store.create(spec)
    expect(file).toMatchObject({ ...spec, state: 'planned', total: null, pid: null, startedAt: null })
    expect(store.dirOf(file.id)).toBe(join(dataDir, 'jobs', file.id))
    const onDisk = JSON.parse(readFileSync(join(store.dirOf(file.id), 'job.json'), 'utf8')) as JobFile
    expect(onDisk).toEqual(file)
    expect([...new JobStore(dataDir).scan(() => false)]).toEqual([file])
    expect([...store.scan((id) => id === file.id)]).toEqual([])
  })

  it('finds a job left running by a process that is gone interrupted, and saves it so', () => {
    const store = new JobStore(tempDir())
    const file = store.create(spec)
    store.save({ ...file, state: 'running', pid: deadPid() })
    const [found] = [...store.scan(() => false)]
    expect(found).toMatchObject({ state: 'interrupted', pid: null })
    expect([...store.scan(() => false)][0]).toMatchObject({ state: 'interrupted' })
  })

  it('leaves a job running in another live process as it is', () => {
    const store = new JobStore(tempDir())
    const file = store.create(spec)
    // pid 1 is always alive, and is not this process.
    store.save({ ...file, state: 'paused', pid: 1 })
    expect([...store.scan(() => false)][0]).toMatchObject({ state: 'paused', pid: 1 })
  })

  it('passes over a folder without a readable job.json', () => {
    const store = new JobStore(tempDir())
    mkdirSync(join(store.root, 'empty'))
    mkdirSync(join(store.root, 'damaged'))
    writeFileSync(join(store.root, 'damaged', 'job.json'), '{"id": "dam')
    expect([...store.scan(() => false)]).toEqual([])
  })
})

describe('stoppedState and runElsewhere', () => {
  it('calls a stopped run interrupted, and leaves every other state', () => {
    expect(stoppedState('running')).toBe('interrupted')
    expect(stoppedState('paused')).toBe('interrupted')
    for (const state of ['planned', 'interrupted', 'completed', 'cancelled'] as const)
      expect(stoppedState(state)).toBe(state)
  })

  it('knows this process and a gone one from a live other', () => {
    expect(runElsewhere(null)).toBe(false)
    expect(runElsewhere(process.pid)).toBe(false)
    expect(runElsewhere(deadPid())).toBe(false)
    expect(runElsewhere(1)).toBe(true)
  })
})
