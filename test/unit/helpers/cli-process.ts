import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { RunningSandbox } from '../../../src/sandbox'

const bin = join(import.meta.dirname, '../../../bin/userdeck.mjs')
const KEY_ENV = 'LABELLED_KEY'

export interface CliProcess {
  child: ChildProcess
  /** Its exit code once it has ended. */
  exited: Promise<number | null>
  stdout(): string
  stderr(): string
  /** Resolves once its stderr has said `text`. */
  said(text: string): Promise<void>
}

/**
 * Another Userdeck process on the same data folder, as a person runs the CLI beside the window: it
 * adds `label` to every user of a sandbox named by URL (no keychain needed), and follows the job.
 * A test holds the sandbox's writes to keep that job running while it looks.
 */
export function labelEveryUserElsewhere(
  dataDir: string,
  sandbox: Pick<RunningSandbox, 'url'>,
  { projectId, key, label, json = false }: { projectId: string; key: string; label: string; json?: boolean },
): CliProcess {
  const args = ['--data-dir', dataDir, ...(json ? ['--json'] : []), 'labels', 'add', '--all']
  const child = spawn(
    process.execPath,
    [
      bin,
      ...args,
      '--labels',
      label,
      '--yes',
      '--endpoint',
      sandbox.url,
      '--project-id',
      projectId,
      '--key-env',
      KEY_ENV,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '', [KEY_ENV]: key },
    },
  )
  let out = ''
  let err = ''
  const waiting: { text: string; resolve: () => void }[] = []
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString()
    for (const w of waiting.filter((w) => err.includes(w.text))) w.resolve()
  })
  return {
    child,
    exited: new Promise((resolve) => child.on('exit', resolve)),
    stdout: () => out,
    stderr: () => err,
    said: (text) =>
      err.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve })),
  }
}
