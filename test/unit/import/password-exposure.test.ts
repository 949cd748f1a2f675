import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel, Input, Output } from '@shared/contract'
import type { JobView } from '@shared/models/jobs'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

/**
 * Everything the import hands the window is what the window could show or a screenshot could keep:
 * no plaintext password may be in it, nor the start of one. The passwords begin with characters that
 * appear nowhere else, so any four of their first characters found in the traffic is a leak.
 */
const passwords = [
  'Qx9!hunter2hunter2', // longer than 12: once shown as its first 10 characters
  'Zk7#exactly12', // 13
  'Wv5%abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01', // over 64
  'Jm3&sh', // too short: a problem message names the row
  'Yp8hunter2hunter2hunter2hunter2', // plaintext that looks hash-shaped: "unknown hash" names it
]
const LEAK_PREFIX = 4

describe('import: no plaintext password, or any start of one, reaches the window', () => {
  let env: Env
  const traffic: string[] = []

  async function send<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await env.host.dispatch(channel, input)
    traffic.push(JSON.stringify(result))
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as Output<C>
  }

  beforeAll(async () => {
    env = await environment(tempDir())
    env.host.events.subscribe((event, payload) => traffic.push(JSON.stringify({ event, payload })))
  })
  afterAll(() => env.close())

  it('through inspect, validate, the password check, the dry run, the run, its report and the activity', async () => {
    const csv = [
      'email,name,password',
      ...passwords.map((p, i) => `person${i}@example.com,Person ${i},${p}`),
      'nopassword@example.com,No Password,',
    ].join('\n')
    const bytes = Buffer.from(csv)
    // As the window sends a file: an upload in chunks, then a plan naming the upload.
    const { uploadId } = await send('import.uploadBegin', { name: 'people.csv', size: bytes.length })
    await send('import.uploadChunk', { uploadId, offset: 0, data: bytes.toString('base64') })
    const plan = {
      project: env.project,
      source: { kind: 'upload' as const, uploadId },
      format: 'csv' as const,
    }

    const inspection = await send('import.inspect', { plan })
    expect(inspection.preview.filter((u) => u.password?.type === 'plaintext')).toHaveLength(4)
    expect(inspection.preview[0]!.password!.masked).toBe('•••• 16–31 characters')
    const validation = await send('import.validate', { plan })
    expect(validation.problems.map((p) => p.rule).sort()).toEqual(['hash_unknown', 'password_too_short'])
    await send('import.checkPassword', { plan, row: 2, password: 'not-their-password' })

    const planned = await send('import.createJob', {
      plan,
      skip: ['hash_unknown', 'password_too_short'],
    })
    await send('jobs.preview', { jobId: planned.id })
    const finished = new Promise<void>((resolve) =>
      env.host.events.subscribe((event, payload) => {
        if (event === 'jobs.changed' && (payload as JobView).id === planned.id) {
          if ((payload as JobView).state === 'completed') resolve()
        }
      }),
    )
    await send('jobs.start', { jobId: planned.id })
    await finished
    const json = await send('jobs.report', { jobId: planned.id, format: 'json' })
    expect(json.rows).toBe(6)
    await send('jobs.report', { jobId: planned.id, format: 'csv' })
    await send('jobs.list', {})
    await send('activity.list', {})

    const all = traffic.join('\n')
    expect(all).toContain('person0@example.com')
    for (const password of passwords) expect(all).not.toContain(password.slice(0, LEAK_PREFIX))
  })
})
