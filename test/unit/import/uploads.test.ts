import { existsSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppErrorException } from '@shared/errors'
import { UploadStore } from '../../../src/host/import/uploads'
import { tempDir } from '../helpers/temp-dir'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('uploads: a file handed over in chunks', () => {
  it('appends chunks in order, ignores a repeated one, refuses a gap, and is readable only when complete', () => {
    const store = new UploadStore(tempDir())
    const id = store.begin('users.csv', 10)
    expect(store.chunk(id, 0, b64('email,'))).toBe(6)
    expect(() => store.path(id)).toThrow(/incomplete \(6 of 10 bytes\)/)
    expect(store.chunk(id, 0, b64('email,'))).toBe(6) // a retried call
    expect(() => store.chunk(id, 8, b64('zz'))).toThrow(/expected the chunk at byte 6/)
    expect(store.chunk(id, 6, b64('name'))).toBe(10)
    expect(readFileSync(store.path(id), 'utf8')).toBe('email,name')
    expect(() => store.chunk(id, 10, b64('x'))).toThrow(AppErrorException)
    expect(() => store.path('0'.repeat(32))).toThrow(/upload is gone/)
  })

  it('forgets uploads a month old when the next Userdeck starts', () => {
    const dir = tempDir()
    const store = new UploadStore(dir)
    const old = store.begin('old.csv', 0)
    const fresh = store.begin('fresh.csv', 0)
    const folder = join(dir, 'imports', 'uploads')
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000)
    for (const ext of ['json', 'data']) utimesSync(join(folder, `${old}.${ext}`), longAgo, longAgo)
    new UploadStore(dir)
    expect(existsSync(join(folder, `${old}.data`))).toBe(false)
    expect(store.path(fresh)).toMatch(/\.data$/)
  })
})
