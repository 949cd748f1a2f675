import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { environment, importCsv, type Env } from '../import/helpers'

describe('the label overview after an import', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  it('counts the labels the imported users brought, without being asked to count again', async () => {
    const before = await env.call('labels.overview', { project: env.project })
    expect(before.labels.find((l) => l.label === 'imported')).toBeUndefined()
    const { job } = await importCsv(
      env,
      'email,labels\na@example.com,imported\nb@example.com,imported;vip\n',
      {
        email: 'email',
        labels: 'labels',
      },
    )
    expect(job.counts).toMatchObject({ done: 2, failed: 0 })
    // An import records no Activity entry per user: the cached counts went with the job's end.
    const after = await env.call('labels.overview', { project: env.project })
    expect(after.labels.find((l) => l.label === 'imported')?.users).toBe(2)
  })
})
