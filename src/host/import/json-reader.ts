import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Duplex } from 'node:stream'
import parser from 'stream-json/parser.js'
import pick from 'stream-json/filters/pick.js'
import streamArray from 'stream-json/streamers/stream-array.js'
import { AppErrorException, appError, fail } from '@shared/errors'
import { MAX_RECORD_CHARS } from './csv-reader'
import { textStream, type TextSample } from './text-file'
import type { SourceRecord } from './source-record'

export type JsonShape = 'array' | 'users-object' | 'lines'

/** Arrays and `{"users": [...]}` (Firebase, Appwrite) stream element by element; anything else is one object a line. */
export function detectJsonShape(sample: TextSample): JsonShape {
  const text = sample.text.trimStart()
  if (text.startsWith('[')) return 'array'
  if (!text.startsWith('{')) {
    fail(
      'invalid_input',
      'This is not JSON: it should start with "[" or "{". Choose the JSON export of your users.',
    )
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  try {
    const value = JSON.parse(firstLine) as unknown
    if (value && typeof value === 'object' && !Array.isArray((value as { users?: unknown }).users))
      return 'lines'
  } catch {
    // Not a whole object on the first line: a pretty-printed document.
  }
  if (/^\{\s*"users"\s*:/.test(text) || /"users"\s*:\s*\[/.test(text)) return 'users-object'
  fail(
    'invalid_input',
    'This JSON is one object without a "users" list. Export an array of users, one user per line, or {"users": [...]}.',
  )
}

export async function* readJson(
  path: string,
  sample: TextSample,
  shape: JsonShape,
): AsyncIterable<SourceRecord> {
  if (shape === 'lines') {
    yield* readJsonLines(path, sample)
    return
  }
  const stages: Duplex[] = [parser.asStream()]
  if (shape === 'users-object') stages.push(pick.asStream({ filter: 'users' }))
  stages.push(streamArray.asStream())
  let stream: NodeJS.ReadableStream = textStream(path, sample)
  for (const stage of stages) {
    const from = stream
    from.on('error', (err: Error) => stage.destroy(err))
    stream = from.pipe(stage)
  }
  let row = 0
  try {
    for await (const item of stream as AsyncIterable<{ key: number; value: unknown }>) {
      row = item.key + 1
      yield { row, record: asRecord(item.value, row) }
    }
  } catch (err) {
    if (err instanceof AppErrorException) throw err
    throw new AppErrorException(
      appError(
        'invalid_input',
        `The JSON is malformed or ends early after user ${row} (${err instanceof Error ? err.message : String(err)}). Export it again; nothing was imported.`,
      ),
    )
  }
  // The streaming parser may stop quietly at a cut-off end; a whole document ends with its bracket.
  if (!(await endsClosed(path))) {
    fail(
      'invalid_input',
      `The JSON is malformed or ends early after user ${row}: it is cut off. Export it again; nothing was imported.`,
    )
  }
  if (row === 0 && shape === 'users-object') fail('invalid_input', 'The "users" list is empty.')
}

async function endsClosed(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, 256)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    return /[\]}]\s*$/.test(buffer.toString('latin1'))
  } finally {
    await handle.close()
  }
}

async function* readJsonLines(path: string, sample: TextSample): AsyncIterable<SourceRecord> {
  const lines = createInterface({ input: textStream(path, sample), crlfDelay: Infinity })
  let row = 0
  for await (const line of lines) {
    row++
    if (line.length > MAX_RECORD_CHARS) {
      lines.close()
      fail('invalid_input', `Line ${row} is longer than 1 MB: this is not a file of users, one a line.`)
    }
    const text = row === 1 ? line.replace(/^\uFEFF/, '') : line
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      lines.close()
      fail(
        'invalid_input',
        `Line ${row} is not valid JSON. Each line must be one user object; nothing was imported.`,
      )
    }
    yield { row, record: asRecord(value, row) }
  }
}

function asRecord(value: unknown, row: number): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    fail('invalid_input', `User ${row} is not a JSON object.`)
  }
  return value as Record<string, unknown>
}
