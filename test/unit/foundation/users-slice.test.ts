import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import type { UserPage } from '@shared/models'
import { tempDir } from '../helpers/temp-dir'

describe('users.list through the host, node-appwrite and the demo sandbox', () => {
  let host: Host
  beforeAll(async () => {
    host = await createHost({
      dataDir: tempDir(),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: { seed: 60 },
    })
  })
  afterAll(() => host.close())

  async function list(input: Record<string, unknown>): Promise<UserPage> {
    const r = await host.dispatch('users.list', { project: 'demo', ...input })
    if (!r.ok) throw new Error(r.error.message)
    return r.value as UserPage
  }

  it('returns the first page with totals and no password hashes', async () => {
    const page = await list({ limit: 25 })
    expect(page.total).toBe(60)
    expect(page.users).toHaveLength(25)
    expect(page.nextCursor).toBe(page.users[24]!.id)
    const raw = JSON.stringify(page)
    expect(raw).not.toContain('"password"')
    expect(raw).not.toContain('hashOptions')
  })

  it('pages with the cursor through every user exactly once', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    for (;;) {
      const page = await list({ limit: 25, ...(cursor ? { cursor } : {}) })
      seen.push(...page.users.map((u) => u.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen).toHaveLength(60)
    expect(new Set(seen).size).toBe(60)
  })

  it('searches on the server; a pasted email finds that person, not everyone sharing a word of it', async () => {
    const all = await list({ limit: 60 })
    const target = all.users.find((u) => u.email)!
    const byEmail = await list({ search: target.email })
    expect(byEmail.users.map((u) => u.id)).toEqual([target.id])
    const domain = target.email.split('@')[1]!
    expect(all.users.filter((u) => u.email.endsWith(`@${domain}`)).length).toBeGreaterThan(1)
    const byName = await list({ search: target.name.split(' ')[0]! })
    expect(byName.users.map((u) => u.id)).toContain(target.id)
  })

  it('says which project is unknown', async () => {
    const r = await host.dispatch('users.list', { project: 'nope' })
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
