import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppErrorException } from '@shared/errors'
import { startDemoProject } from '../../../src/host/demo/demo-project'
import { DEMO_NOT_STARTED, DemoSource } from '../../../src/host/projects/demo-source'
import { tempDir } from '../helpers/temp-dir'

/** A demo source over a fresh data folder, counting how often its server was started. */
function demoSource(dataDir = tempDir()) {
  const keys: string[] = []
  let starts = 0
  const source = new DemoSource(
    () => {
      starts++
      return startDemoProject(dataDir, { seed: 3, whenBusy: 'Do the thing the shell suggests.' })
    },
    (key) => keys.push(key),
  )
  return { source, keys, dataDir, starts: () => starts }
}

describe('DemoSource', () => {
  it('lists the demo without starting its server, and starts it once on first use', async () => {
    const { source, keys, starts, dataDir } = demoSource()
    expect(source.listed()).toMatchObject([{ id: 'demo', endpoint: DEMO_NOT_STARTED, tag: 'demo' }])
    expect(await source.keyView()).toEqual({ present: true, lastFour: null, inMemoryOnly: true })
    expect(starts()).toBe(0)
    expect(existsSync(join(dataDir, 'demo-project.lock'))).toBe(false)

    const [first, second] = await Promise.all([source.key(), source.key()])
    expect(first).toBe(second)
    expect(starts()).toBe(1)
    expect(keys).toEqual([first])
    const endpoint = source.find('demo')!.endpoint
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    const answer = await fetch(`${endpoint}/users`, {
      headers: { 'x-appwrite-project': 'demo', 'x-appwrite-key': first },
    })
    expect(answer.status).toBe(200)

    await source.close()
    expect(existsSync(join(dataDir, 'demo-project.lock'))).toBe(false)
    expect(() => source.open()).toThrow(AppErrorException)
  })

  it('says what to do while another process holds the demo, and starts once it is free', async () => {
    const { source, dataDir, starts } = demoSource()
    const lock = join(dataDir, 'demo-project.lock')
    // pid 1 is always alive: the demo looks held by another process.
    writeFileSync(lock, '1')
    const refused = await source.key().catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(AppErrorException)
    expect((refused as AppErrorException).error).toMatchObject({
      code: 'conflict',
      message:
        'The demo project is open in another Userdeck process (pid 1). Do the thing the shell suggests.',
    })
    rmSync(lock)
    await expect(source.key()).resolves.toMatch(/^demo_/)
    expect(starts()).toBe(2)
    await source.close()
  })

  it('refuses to be changed, and keeps nothing of its per-run key for the audit log', () => {
    const { source } = demoSource()
    expect(source.fixed).toContain('built in')
    expect(source.lastFour()).toBeNull()
    expect(source.find('p_other')).toBeUndefined()
  })

  it('closes a server whose start was still under way', async () => {
    const { source, dataDir } = demoSource()
    const starting = source.key()
    await source.close()
    await starting
    expect(existsSync(join(dataDir, 'demo-project.lock'))).toBe(false)
  })
})
