import type { AppError } from '@shared/errors'

export interface Io {
  out(text: string): void
  err(text: string): void
  /** Standard input as text, for keys piped in (never taken from an argument). */
  readStdin(): Promise<string>
  env: NodeJS.ProcessEnv
  /**
   * Ctrl-C while a job runs: `stop` is called at the first, and the second ends the process at once.
   * Answers the way to stop listening. Absent where nobody can press it (a test's captured Io).
   */
  onInterrupt?(stop: () => void): () => void
}

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells give one. */
export const INTERRUPTED_EXIT = 130

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  readStdin: async () => {
    if (process.stdin.isTTY) return ''
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
  env: process.env,
  onInterrupt: (stop) => {
    let asked = false
    const onSigint = () => {
      if (asked) process.exit(INTERRUPTED_EXIT)
      asked = true
      stop()
    }
    process.on('SIGINT', onSigint)
    return () => process.off('SIGINT', onSigint)
  },
}

/** A word to paste into a shell as one argument: as it is when plain, else in single quotes. */
export function shellWord(text: string): string {
  return /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

/** A plain text table: columns padded to their widest cell, capped so one long value cannot wreck it. */
export function table(headers: string[], rows: string[][], maxWidth = 40): string {
  const clip = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s)
  const cells = [headers, ...rows].map((r) => r.map(clip))
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

export function formatError(error: AppError): string {
  return `error (${error.code}): ${error.message}`
}
