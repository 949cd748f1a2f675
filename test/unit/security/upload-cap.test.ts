/**
 * A page may start uploads (the Chromium shell cannot hand the host a path), each up to 4 GB. What
 * they may hold on disk at once is capped, so a compromised page cannot fill the disk by starting many.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { UPLOAD_MAX_BYTES } from '@shared/contract/import'
import { testHost } from '../helpers/test-host'

describe('uploads on disk', () => {
  it('refuse to start once what they would hold at once passes the cap', async () => {
    const host = await testHost({ seed: 0, shell: 'chromium' })
    afterAll(() => host.close())
    const begin = (size: number) => host.dispatch('import.uploadBegin', { name: 'users.csv', size })
    const accepted: string[] = []
    let refusal = null
    for (let i = 0; i < 10 && refusal === null; i++) {
      const r = await begin(UPLOAD_MAX_BYTES)
      if (r.ok) accepted.push((r.value as { uploadId: string }).uploadId)
      else refusal = r.error
    }
    expect(accepted.length).toBeGreaterThanOrEqual(1)
    expect(accepted.length).toBeLessThan(10)
    expect(refusal).toMatchObject({ code: 'invalid_input', field: 'size' })
    expect(refusal?.message).toMatch(/at once/)
    expect((await begin(UPLOAD_MAX_BYTES)).ok).toBe(false)
  })
})
