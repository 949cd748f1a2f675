import { closeSync, existsSync, openSync, readSync } from 'node:fs'

const CHUNK = 1 << 20

/**
 * The non-empty lines of a file, read a chunk at a time so a journal or row list of a million lines
 * never sits in memory whole. Synchronous: callers read files only this process writes.
 */
export function* lines(file: string): Generator<string> {
  if (!existsSync(file)) return
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(CHUNK)
    // Bytes after the last newline; kept as bytes, as a character may straddle two chunks.
    let rest: Buffer[] = []
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null)
      if (n === 0) break
      const cut = buffer.lastIndexOf(10, n - 1)
      if (cut < 0) {
        rest.push(Buffer.from(buffer.subarray(0, n)))
        continue
      }
      const text = Buffer.concat([...rest, buffer.subarray(0, cut)]).toString('utf8')
      rest = [Buffer.from(buffer.subarray(cut + 1, n))]
      for (const line of text.split('\n')) if (line.trim()) yield line
    }
    const last = Buffer.concat(rest).toString('utf8')
    if (last.trim()) yield last
  } finally {
    closeSync(fd)
  }
}
