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

/** For a store whose files are all whole: none may be set aside. */
const notExpected = () => () => expect.fail('a whole job.json was set aside')

/** A pid no process has: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!
}

describe('JobStore', () => {
  it('creates a planned job in its own folder, and finds it again from disk', () => {
    const dataDir = tempDir()
    const store = new JobStore(dataDir, notExpected)
    const file = store.create(spec)
    expect(file).toMatchObject({ ...spec, state: 'planned', total: null, pid: null, startedAt: null })
    expect(store.dirOf(file.id)).toBe(join(dataDir, 'jobs', file.id))
    const onDisk = JSON.parse(readFileSync(join(store.dirOf(file.id), 'job.json'), 'utf8')) as JobFile
    expect(onDisk).toEqual(file)
    expect([...new JobStore(dataDir, notExpected).scan(() => false)]).toEqual([file])
    expect([...store.scan((id) => id === file.id)]).toEqual([])
  })

  it('finds a job left running by a process that is gone interrupted, and saves it so', () => {
    const store = new JobStore(tempDir(), notExpected)
    const file = store.create(spec)
    store.save({ ...file, state: 'running', pid: deadPid() })
    const [found] = [...store.scan(() => false)]
    expect(found).toMatchObject({ state: 'interrupted', pid: null })
    expect([...store.scan(() => false)][0]).toMatchObject({ state: 'interrupted' })
  })

  it('leaves a job running in another live process as it is', () => {
    const store = new JobStore(tempDir(), notExpected)
    const file = store.create(spec)
    // pid 1 is always alive, and is not this process.
    store.save({ ...file, state: 'paused', pid: 1 })
    expect([...store.scan(() => false)][0]).toMatchObject({ state: 'paused', pid: 1 })
  })

  it('passes over a folder without its job.json, and sets a damaged one aside, naming it', () => {
    const setAside: [string, string][] = []
    const store = new JobStore(tempDir(), (id) => (keptAs) => setAside.push([id, keptAs]))
    const good = store.create(spec)
    const cut = store.create(spec)
    const other = store.create(spec)
    mkdirSync(join(store.root, 'being-made'))
    const damaged = {
      [cut.id]: `{"id": "${cut.id}", "ki`,
      [other.id]: JSON.stringify(good),
    }
    for (const [id, text] of Object.entries(damaged)) writeFileSync(join(store.dirOf(id), 'job.json'), text)
    expect([...store.scan(() => false)]).toEqual([good])
    expect(setAside.map(([id]) => id).sort()).toEqual([cut.id, other.id].sort())
    for (const [id, keptAs] of setAside) {
      expect(keptAs.startsWith(join(store.dirOf(id), 'job.json.damaged-'))).toBe(true)
      expect(readFileSync(keptAs, 'utf8')).toBe(damaged[id])
    }
    // Set aside once: the next scan finds nothing to name.
    expect([...store.scan((id) => id === good.id)]).toEqual([])
    expect(setAside).toHaveLength(2)
  })

  it('keeps a record a newer Userdeck may have written: a state this version does not know', () => {
    const store = new JobStore(tempDir(), notExpected)
    const file = store.create(spec)
    store.save({ ...file, state: 'queued' as JobFile['state'] })
    expect([...store.scan(() => false)]).toEqual([{ ...file, state: 'queued' }])
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
