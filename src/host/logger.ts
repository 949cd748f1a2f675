import { appendFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { PRIVATE_FILE, makePrivateDir } from './private-files'

export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void
  warn(message: string, detail?: Record<string, unknown>): void
  error(message: string, detail?: Record<string, unknown>): void
  /** Every secret the process has held is scrubbed from every line, whatever code wrote it. */
  addSecret(secret: string): void
}

/** Writes JSON lines to a file (and nothing to the console unless asked): the log a support ticket attaches. */
export function createLogger(options: { file?: string; console?: boolean } = {}): Logger {
  const secrets = new Set<string>()
  if (options.file) makePrivateDir(dirname(options.file))
  const scrub = (text: string): string => {
    let out = text
    for (const s of secrets) out = out.split(s).join('[redacted]')
    return out
  }
  let unwritable = false
  const write = (level: string, message: string, detail?: Record<string, unknown>) => {
    const line = scrub(JSON.stringify({ time: new Date().toISOString(), level, message, ...detail }))
    if (options.file) {
      // A log that cannot be written (its folder removed, the disk full) is no reason for the code
      // that logs to fail: the line is dropped, and the first time says so where a person may see it.
      try {
        appendFileSync(options.file, line + '\n', { mode: PRIVATE_FILE })
        unwritable = false
      } catch (err) {
        if (!unwritable) console.error(`Userdeck could not write its log ${options.file}: ${String(err)}`)
        unwritable = true
      }
    }
    if (options.console) console.error(line)
  }
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    addSecret: (s) => {
      // Short strings would redact ordinary words; real keys are long.
      if (s.length >= 8) secrets.add(s)
    },
  }
}
