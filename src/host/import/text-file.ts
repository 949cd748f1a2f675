import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { AppErrorException, appError, fail } from '@shared/errors'

export type TextEncoding = 'utf-8' | 'utf-16le' | 'windows-1252'

export interface TextSample {
  encoding: TextEncoding
  bom: boolean
  /** The decoded start of the file (at most SAMPLE_BYTES), for sniffing formats. */
  text: string
}

const SAMPLE_BYTES = 64 * 1024

/** Why a file cannot be read, naming it: a mistyped path and a folder are the usual ones. */
function unreadable(path: string, err: NodeJS.ErrnoException): never {
  switch (err.code) {
    case 'ENOENT':
      return fail('not_found', `There is no file at ${path}.`)
    case 'EISDIR':
      return fail('not_found', `${path} is a folder: name the export file in it.`)
    case 'EACCES':
    case 'EPERM':
      return fail('not_found', `${path} cannot be read: its permissions do not let Userdeck open it.`)
    default:
      return fail(
        'not_found',
        `Cannot open ${path} (${err.code ?? 'error'}). Check that it exists and is readable.`,
      )
  }
}

async function readStart(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => unreadable(path, err))
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES)
    // A folder opens on Linux; reading it is what fails.
    const { bytesRead } = await handle
      .read(buffer, 0, SAMPLE_BYTES, 0)
      .catch((err: NodeJS.ErrnoException) => unreadable(path, err))
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function looksBinary(bytes: Buffer): boolean {
  let control = 0
  for (const b of bytes.subarray(0, 8192)) {
    if (b === 0) return true
    if (b < 9 || (b > 13 && b < 32)) control++
  }
  return control > Math.min(bytes.length, 8192) * 0.05
}

/**
 * Works out how the file is encoded from its first bytes: a UTF-8 or UTF-16 byte-order mark, valid
 * UTF-8, or else Windows-1252 (what Excel's plain "CSV" saves on Windows). Refuses binary files.
 */
export async function sampleText(path: string): Promise<TextSample> {
  const bytes = await readStart(path)
  if (bytes.length === 0) fail('invalid_input', 'The file is empty.')
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true, text: decodeSample(bytes.subarray(3), 'utf-8') }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { encoding: 'utf-16le', bom: true, text: decodeSample(bytes.subarray(2), 'utf-16le') }
  }
  if (looksBinary(bytes)) {
    fail(
      'invalid_input',
      'This is not a text file (it contains binary data). Choose the CSV or JSON export of your users.',
    )
  }
  try {
    return {
      encoding: 'utf-8',
      bom: false,
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }),
    }
  } catch {
    return { encoding: 'windows-1252', bom: false, text: decodeSample(bytes, 'windows-1252') }
  }
}

function decodeSample(bytes: Buffer, encoding: TextEncoding): string {
  return new TextDecoder(encoding).decode(bytes, { stream: true })
}

/**
 * The file as text, decoded chunk by chunk. UTF-8 is decoded strictly: a file that turns out to mix
 * encodings stops with an error naming the byte, before anything is imported.
 */
export function textStream(path: string, sample: TextSample): NodeJS.ReadableStream {
  const decoder = new TextDecoder(sample.encoding, { fatal: sample.encoding === 'utf-8', ignoreBOM: false })
  let offset = 0
  let lines = 1
  const decode = new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        const text = decoder.decode(chunk, { stream: true })
        offset += chunk.length
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
        done(null, text)
      } catch {
        done(mixedEncoding(chunk, offset, lines))
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode())
      } catch {
        done(mixedEncoding(Buffer.alloc(0), offset, lines))
      }
    },
  })
  const source = createReadStream(path, { highWaterMark: 256 * 1024 })
  source.on('error', (err) => decode.destroy(err))
  return source.pipe(decode)
}

/** Finds the first bad byte of the chunk (only on the error path), to name its line and byte. */
function mixedEncoding(chunk: Buffer, offset: number, lines: number): Error {
  let good = 0
  let bad = chunk.length
  while (bad - good > 1) {
    const mid = (good + bad) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, mid), { stream: true })
      good = mid
    } catch {
      bad = mid
    }
  }
  let line = lines
  for (let i = chunk.indexOf(10); i !== -1 && i < good; i = chunk.indexOf(10, i + 1)) line++
  return new AppErrorException(
    appError(
      'invalid_input',
      `Line ${line} (byte ${(offset + good).toLocaleString('en')}) is not valid UTF-8 while the lines before it are: the file mixes text encodings. Save it again as UTF-8 (in Excel: "CSV UTF-8") and import that.`,
    ),
  )
}
