import { closeSync, existsSync, openSync, readSync } from 'node:fs'

const CHUNK = 1 << 16

/**
 * The non-empty lines of a file, read a chunk at a time so a journal or row list of a million lines
 * never sits in memory whole. Each line is decoded on its own as it is reached, so only the line in
 * hand is a string: a chunk split into all its lines at once kept thousands alive across collections.
 * Synchronous: callers read files only this process writes.
 */
export function* lines(file: string): Generator<string> {
  if (!existsSync(file)) return
  const fd = openSync(file, 'r')
  try {
    let buffer = Buffer.alloc(CHUNK)
    // Bytes of a line not yet ended are kept at the start of the buffer (as bytes: a character may
    // straddle two chunks); a line longer than the buffer doubles it.
    let kept = 0
    for (;;) {
      if (kept === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)])
      const n = readSync(fd, buffer, kept, buffer.length - kept, null)
      if (n === 0) break
      const end = kept + n
      let start = 0
      for (let nl = buffer.indexOf(10, kept); nl !== -1 && nl < end; nl = buffer.indexOf(10, start)) {
        const line = buffer.toString('utf8', start, nl)
        start = nl + 1
        if (line.trim()) yield line
        if (start >= end) break
      }
      kept = end - start
      buffer.copy(buffer, 0, start, end)
    }
    const last = buffer.toString('utf8', 0, kept)
    if (last.trim()) yield last
  } finally {
    closeSync(fd)
  }
}
