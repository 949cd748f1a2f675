import { describe, expect, it } from 'vitest'
import { appError, AppErrorException, type ErrorCode } from '@shared/errors'
import { OUTAGE_AFTER_FAILURES, OutageDetector } from '../../../src/host/jobs/outage'
import { retrying } from '../../../src/host/jobs/pacing'

const failing = (code: ErrorCode) => () => Promise.reject(new AppErrorException(appError(code, code)))
const answering = () => Promise.resolve('ok')

/** One try of a call, watched as a job's rows are. */
async function run(detector: OutageDetector, call: () => Promise<unknown>): Promise<void> {
  await retrying(call, { watch: detector, attempts: 1 }).catch(() => undefined)
}

describe('OutageDetector', () => {
  it(`says the server is gone after ${OUTAGE_AFTER_FAILURES} calls in a row got no answer (refused, reset, timed out)`, async () => {
    let outages = 0
    const detector = new OutageDetector(() => outages++)
    for (let i = 1; i < OUTAGE_AFTER_FAILURES; i++)
      await run(detector, failing(i % 2 ? 'unreachable' : 'timeout'))
    expect(outages).toBe(0)
    await run(detector, failing('unreachable'))
    expect(outages).toBe(1)
  })

  it('takes any answer, a 4xx or a 5xx too, as a server that is there', async () => {
    let outages = 0
    const detector = new OutageDetector(() => outages++)
    for (const answer of [failing('server_error'), failing('conflict'), failing('rate_limited'), answering]) {
      for (let i = 1; i < OUTAGE_AFTER_FAILURES; i++) await run(detector, failing('unreachable'))
      await run(detector, answer)
    }
    expect(outages).toBe(0)
  })

  it('does not count calls begun before the job went on: they failed into the outage that is over', async () => {
    let outages = 0
    const detector = new OutageDetector(() => outages++)
    const failLater: ((err: unknown) => void)[] = []
    const sentIntoOutage = Array.from({ length: OUTAGE_AFTER_FAILURES }, () =>
      run(detector, () => new Promise((_, reject) => failLater.push(reject))),
    )
    detector.reset()
    for (const fail of failLater) fail(new AppErrorException(appError('unreachable', 'reset')))
    await Promise.all(sentIntoOutage)
    expect(outages).toBe(0)
    for (let i = 1; i < OUTAGE_AFTER_FAILURES; i++) await run(detector, failing('unreachable'))
    expect(outages).toBe(0)
  })
})
