import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Input } from '@shared/contract'
import { detectHash } from '../../../src/passwords/detect'
import { parseHashConfig } from '../../../src/host/import/hash-config'
import { tempDir } from '../helpers/temp-dir'
import { environment, runImport, type Env } from './helpers'

const dir = tempDir()
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('readers: what people actually export', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())
  const inspect = (path: string, extra: Partial<Input<'import.inspect'>['plan']> = {}) =>
    env.call('import.inspect', {
      plan: { project: env.project, source: { kind: 'file', path }, format: 'auto', ...extra },
    })

  it('Excel "CSV" on Windows: Windows-1252 text, semicolons, CRLF', async () => {
    const path = file(
      'win.csv',
      Buffer.from('E-mail;Name\r\nrene@example.com;Ren\xe9 Dupr\xe9\r\n', 'latin1'),
    )
    const i = await inspect(path)
    expect(i.csv).toMatchObject({ delimiter: ';', header: true, encoding: 'windows-1252' })
    expect(i.preview[0]).toMatchObject({ email: 'rene@example.com', name: 'René Dupré' })
  })

  it('Excel "Unicode text": UTF-16 with a byte-order mark, tab-separated', async () => {
    const text = 'email\tname\r\nzoe@example.com\tZoë Ünal\r\n'
    const path = file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const i = await inspect(path)
    expect(i.csv).toMatchObject({ delimiter: '\t', header: true })
    expect(i.preview[0]).toMatchObject({ email: 'zoe@example.com', name: 'Zoë Ünal' })
  })

  it('a CSV without a header: columns numbered, email and hash found by their values', async () => {
    const path = file(
      'noheader.csv',
      'Ann Lee|ann@example.com|5f4dcc3b5aa765d61d8327deb882cf99\nBob Ray|bob@example.com|$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0\n',
    )
    const i = await inspect(path)
    expect(i.csv).toMatchObject({ delimiter: '|', header: false })
    expect(i.mapping).toMatchObject({ email: '#2', password: '#3' })
    expect(i.preview.map((u) => u.password?.type)).toEqual(['md5', 'phpass'])
    expect(i.preview[0]!.row).toBe(1)
  })

  it("Excel's sep= line and quoted fields with delimiters and line breaks inside", async () => {
    const path = file('sep.csv', 'sep=,\nemail,name\n"q@example.com","Quinn, ""Q""\nSecond line"\n')
    const i = await inspect(path)
    expect(i.preview[0]).toMatchObject({ email: 'q@example.com', name: 'Quinn, "Q"\nSecond line', row: 3 })
    expect(i.notes.join(' ')).toMatch(/sep=,/)
  })

  it('JSON with its own keys and a mapping chosen by the person, then imported', async () => {
    const path = file(
      'custom.json',
      JSON.stringify([
        {
          mail: 'jo@example.com',
          display: 'Jo',
          secret: 'plain-password-1',
          groups: ['staff', 'paid'],
          settings: { a: 1 },
        },
        { mail: 'al@example.com', display: 'Al', secret: 'plain-password-2', groups: [], settings: {} },
      ]),
    )
    const mapping = {
      email: 'mail',
      name: 'display',
      password: 'secret',
      labels: 'groups',
      prefs: 'settings',
    }
    const plan = {
      project: env.project,
      source: { kind: 'file' as const, path },
      format: 'json' as const,
      mapping,
      hash: { type: 'plaintext' as const },
    }
    const i = await env.call('import.inspect', { plan })
    expect(i.columns).toEqual(['mail', 'display', 'secret', 'groups', 'settings'])
    expect(i.preview[0]).toMatchObject({
      email: 'jo@example.com',
      labels: ['staff', 'paid'],
      prefs: { a: 1 },
    })
    const { job } = await runImport(env, { plan, onExisting: 'fail', skip: [] })
    expect(job.counts).toMatchObject({ total: 2, done: 2 })
  })

  it('JSON Lines with a BOM', async () => {
    const path = file(
      'lines.jsonl',
      '\uFEFF{"email":"l1@example.com","name":"L1"}\n\n{"email":"l2@example.com","name":"L2"}\n',
    )
    const i = await inspect(path)
    expect(i.format).toBe('json')
    expect(i.preview.map((u) => [u.row, u.email])).toEqual([
      [1, 'l1@example.com'],
      [3, 'l2@example.com'],
    ])
  })
})

describe('hash detection and the Firebase hash config', () => {
  it('names each shape it can be sure of, and nothing else', () => {
    expect(detectHash('$2y$10$abcdefghijklmnopqrstuuJ4Qh6hO4BfKjK5yGmHkYt0dJr3cXa2e')?.type).toBe('bcrypt')
    expect(detectHash('$argon2id$v=19$m=4096,t=2,p=1$c2FsdA$aGFzaA')?.type).toBe('argon2')
    expect(detectHash('$H$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0')?.type).toBe('phpass')
    expect(detectHash('5f4dcc3b5aa765d61d8327deb882cf99')?.type).toBe('md5')
    const sha = (hex: number) => detectHash('a'.repeat(hex))?.shaVersion
    expect([40, 56, 64, 96, 128].map(sha)).toEqual(['sha1', 'sha224', 'sha256', 'sha384', 'sha512'])
    expect(detectHash('a'.repeat(63))).toBeNull()
    expect(detectHash('correct horse battery staple')).toBeNull()
  })

  it('reads the console block and JSON alike', () => {
    const block = `hash_config {\n  algorithm: SCRYPT,\n  base64_signer_key: jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==,\n  base64_salt_separator: Bw==,\n  rounds: 8,\n  mem_cost: 14,\n}`
    const expected = {
      signerKey: 'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
      saltSeparator: 'Bw==',
      rounds: 8,
      memCost: 14,
    }
    expect(parseHashConfig(block)).toEqual(expected)
    expect(
      parseHashConfig(
        JSON.stringify({
          hash_config: {
            base64_signer_key: expected.signerKey,
            base64_salt_separator: 'Bw==',
            rounds: 8,
            mem_cost: 14,
          },
        }),
      ),
    ).toEqual(expected)
    expect(parseHashConfig(JSON.stringify(expected))).toEqual(expected)
    expect(() => parseHashConfig('hash_config { rounds: 8 }')).toThrow(
      /lacks signerKey, saltSeparator, memCost/,
    )
  })
})
