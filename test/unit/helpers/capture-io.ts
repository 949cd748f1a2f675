import type { Io } from '../../../src/cli/output'

export function captureIo(env: NodeJS.ProcessEnv = {}, stdin = ''): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t.endsWith('\n') ? t : t + '\n'
    },
    err(t: string) {
      io.stderr += t.endsWith('\n') ? t : t + '\n'
    },
    readStdin: async () => stdin,
    env,
  }
  return io
}
