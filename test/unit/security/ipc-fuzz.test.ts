/**
 * Every channel of the contract, called through the real host (real services, a real seeded demo
 * sandbox over HTTP) with thousands of hostile inputs. Main must answer each with a Result, never
 * throw, never leak a stack, a path or the key, never pollute prototypes, and a rejected call must not
 * change the sandbox's data. Channels added later are covered without touching this file; their
 * examples in test/unit/contract-examples/ seed the mutations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { Query } from 'node-appwrite'
import { channelNames, type Channel } from '@shared/contract'
import { isAppError, type Result } from '@shared/errors'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { validInputs } from '../contract-examples'
import { tempDir } from '../helpers/temp-dir'

const RUNS_PER_CHANNEL = 100
const MB = 1 << 20
const repoRoot = join(import.meta.dirname, '../../..')

/** An object nested `depth` levels deep, built without recursion so building it cannot overflow. */
function deep(depth: number, asArray = false): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value }
  return value
}

/** An object with an own key (not a prototype change), as JSON.parse would make from a hostile payload. */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
  return target
}

const pollution = fc.constantFrom(
  ['__proto__', { polluted: 'yes', isAdmin: true }],
  ['constructor', { prototype: { polluted: 'yes' } }],
  ['prototype', { polluted: 'yes' }],
  ['__proto__', JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown],
) as fc.Arbitrary<[string, unknown]>

const edgeStrings = [
  '',
  '\uD800',
  'a\uDFFFb',
  '\uDBFF\uDFFF',
  'nul\u0000byte',
  '\u202Egnp.exe',
  'مرحبا\u200F',
  '\uFEFF',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '%00',
  '../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'toString',
  'demo',
  ' demo ',
  'DEMO',
]

const edgeNumbers = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  2 ** 31,
  0.5,
]

/** Values of the wrong type, the wrong size or the wrong shape for any field. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(...edgeStrings, ...edgeNumbers, null, undefined, true, false),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 2, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.object({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(1001, 1500).map((d) => deep(d)) },
  { weight: 1, arbitrary: fc.constantFrom(1001, 1500).map((d) => deep(d, true)) },
  { weight: 1, arbitrary: fc.constantFrom('x', '\u202E', '\uD800').map((c) => c.repeat(MB)) },
)

/** Every place in an example where a value sits: the root, each field, each nested field. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const out = [prefix]
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]))
  }
  return out
}

function replaceAt(seed: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value
  const root = structuredClone(seed) as Record<string, unknown>
  let node = root
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  withOwnKey(node, path[path.length - 1]!, value)
  return root
}

/**
 * The examples, with endpoints pointed at a closed local port: a mutated but valid `projects.add`
 * must not send a fake key to a real Appwrite server.
 */
function seedFor(channel: Channel): unknown {
  const example = (validInputs as Partial<Record<Channel, unknown>>)[channel] ?? {}
  return JSON.parse(JSON.stringify(example), (key, value: unknown) =>
    key === 'endpoint' && typeof value === 'string' ? 'http://127.0.0.1:9/v1' : value,
  )
}

function inputsFor(channel: Channel): fc.Arbitrary<unknown> {
  const seed = seedFor(channel)
  const paths = pathsOf(seed)
  const objectPaths = paths.filter((p) => {
    const at = p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], seed)
    return at !== null && typeof at === 'object' && !Array.isArray(at)
  })
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...paths), nasty).map(([p, v]) => replaceAt(seed, p, v)),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...objectPaths), pollution).map(([p, [key, payload]]) => {
        const copy = structuredClone(seed) as Record<string, unknown>
        const node = p.reduce<Record<string, unknown>>((v, k) => v[k] as Record<string, unknown>, copy)
        withOwnKey(node, key, payload)
        return copy
      }),
    },
    // Objects where arrays go and arrays where objects go.
    { weight: 1, arbitrary: fc.constant(Object.values(seed as object)) },
    { weight: 1, arbitrary: fc.constant([seed]) },
    { weight: 1, arbitrary: fc.constant(seed) },
  )
}

let dataDir: string
let host: HostInternals
let demoKey: string
const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype]
const prototypeKeys = prototypes.map((p) => Reflect.ownKeys(p).map(String).sort())

function walBytes(): number {
  try {
    return statSync(join(dataDir, 'demo-project', 'wal.jsonl')).size
  } catch {
    return 0
  }
}

async function usersSnapshot(): Promise<string[]> {
  const { clients } = await host.core.projects.resolve('demo')
  const rows: string[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await clients.users.list({
      queries: [Query.limit(100), Query.orderAsc('$id'), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
    })
    rows.push(...page.users.map((u) => `${u.$id} ${u.$updatedAt} ${u.labels.join(',')} ${u.status}`))
    if (page.users.length < 100) return rows
    cursor = page.users[page.users.length - 1]!.$id
  }
}

const stats = { calls: 0, accepted: 0, rejected: 0, walGrowthOnRejected: 0 }

/** One call, and every promise main makes about its answer. */
async function callAndCheck(channel: unknown, input: unknown): Promise<Result<unknown>> {
  const before = walBytes()
  let result: Result<unknown>
  try {
    result = await host.dispatch(channel, input)
  } catch (err) {
    throw new Error(`dispatch threw for ${String(channel)}: ${String(err)}`)
  }
  stats.calls++
  expect(typeof result === 'object' && result !== null && typeof result.ok === 'boolean').toBe(true)
  // It must cross IPC and the Chromium bridge: structured-cloneable and JSON-serialisable.
  const text = JSON.stringify(structuredClone(result))
  expect(text.includes(demoKey), `${String(channel)} answered with the demo key`).toBe(false)
  expect(text.includes(demoKey.slice(5)), `${String(channel)} answered with part of the demo key`).toBe(false)
  if (result.ok) {
    stats.accepted++
  } else {
    stats.rejected++
    expect(isAppError(result.error), JSON.stringify(result.error).slice(0, 300)).toBe(true)
    // `internal` is what an unexpected exception becomes: a handler that crashed on this input.
    expect(
      result.error.code,
      `${String(channel)} crashed on ${JSON.stringify(input)?.slice(0, 300)}`,
    ).not.toBe('internal')
    expect(
      Object.keys(result.error).every((k) =>
        ['code', 'message', 'field', 'rule', 'appwriteType', 'status', 'retryable', 'holder'].includes(k),
      ),
    ).toBe(true)
    const message = result.error.message
    for (const leak of [/\n\s*at /, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /Error: /])
      expect(message, `${String(channel)}: ${message.slice(0, 200)}`).not.toMatch(leak)
    for (const path of [repoRoot, dataDir, homedir()])
      expect(message.includes(path), `${String(channel)} leaked a path: ${message.slice(0, 200)}`).toBe(false)
    expect(message.length).toBeLessThan(2000)
    const growth = walBytes() - before
    stats.walGrowthOnRejected += growth
    expect(growth, `${String(channel)} was rejected (${result.error.code}) but changed the sandbox`).toBe(0)
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
  return result
}

describe('IPC fuzzing through the real host', () => {
  let before: string[]

  beforeAll(async () => {
    dataDir = tempDir('userdeck-fuzz-')
    host = await createHostInternals({
      dataDir,
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: { seed: 60 },
    })
    demoKey = (await host.core.projects.resolve('demo')).clients.client.config.key
    expect(demoKey.length).toBeGreaterThan(20)
    before = await usersSnapshot()
    expect(before.length).toBe(60)
  })

  afterAll(async () => {
    await host?.close()
  })

  it.each(channelNames)('%s answers every hostile input with a Result', async (channel) => {
    await fc.assert(
      fc.asyncProperty(inputsFor(channel), async (input) => {
        await callAndCheck(channel, input)
      }),
      { numRuns: RUNS_PER_CHANNEL, seed: 20261123 },
    )
    // The big ones on every field, not left to chance.
    const seed = seedFor(channel)
    for (const path of pathsOf(seed)) {
      for (const value of ['x'.repeat(MB), deep(1200), deep(1200, true), NaN, -0, '\uD800\u0000\u202E']) {
        await callAndCheck(channel, replaceAt(seed, path, value))
      }
    }
  })

  it('refuses channel names that are not in the contract', async () => {
    for (const name of [
      '__proto__',
      'constructor',
      'toString',
      'users',
      'users.',
      'app.info\u0000',
      'x'.repeat(MB),
      42,
      null,
      {},
    ]) {
      const result = await callAndCheck(name, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    }
  })

  it('left the prototypes and the sandbox data as they were', async () => {
    expect(prototypes.map((p) => Reflect.ownKeys(p).map(String).sort())).toEqual(prototypeKeys)
    expect(stats.calls).toBeGreaterThan(channelNames.length * RUNS_PER_CHANNEL)
    expect(stats.rejected).toBeGreaterThan(stats.calls / 2)
    expect(stats.walGrowthOnRejected).toBe(0)
    const after = await usersSnapshot()
    // Accepted calls may write (a mutated but valid users.create), so compare only what they did not create.
    const removedOrChanged = before.filter((row) => !after.includes(row))
    expect(removedOrChanged).toEqual([])
    // The detector itself: an accepted write does grow the sandbox's log.
    const sizeBefore = walBytes()
    const { clients } = await host.core.projects.resolve('demo')
    await clients.users.updateName(before[0]!.split(' ')[0]!, 'Changed by the fuzz test')
    expect(walBytes()).toBeGreaterThan(sizeBefore)
  })

  it('left the demo key in no file of the data folder, and the log scrubs it', () => {
    host.core.logger.error('fuzz: a line that carries the key', { detail: `key=${demoKey}` })
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else files.push(path)
      }
    }
    walk(dataDir)
    const log = join(dataDir, 'logs', 'userdeck.log')
    expect(files).toContain(log)
    expect(readFileSync(log, 'utf8')).toContain('key=[redacted]')
    // The keys the examples hand to projects.add / setKey / test, which the fuzzing sent many times.
    const exampleKeys = channelNames.flatMap((c) => {
      const keys: string[] = []
      JSON.stringify(seedFor(c), (k, v: unknown) => (k === 'key' && typeof v === 'string' && keys.push(v), v))
      return keys
    })
    expect(exampleKeys.length).toBeGreaterThan(0)
    for (const file of files) {
      const content = readFileSync(file)
      for (const key of exampleKeys) expect(content.includes(key), `${key} in ${file}`).toBe(false)
      expect(content.includes(demoKey), file).toBe(false)
      expect(content.includes(demoKey.slice(5)), file).toBe(false)
      expect(content.includes(Buffer.from(demoKey).toString('base64')), file).toBe(false)
    }
  })
})
