/**
 * The Electron shell runs the keychain probe in a utility process. Electron is not started here: a
 * stand-in for `utilityProcess.fork` records what it was asked and lets the test play the process's
 * part, as Electron reports it (messages as they were posted, an exit code and no signal).
 */
import { EventEmitter } from 'node:events'
import type { UtilityProcess } from 'electron'
import { describe, expect, it } from 'vitest'
import { probeKeychain } from '../../../src/host/projects/keychain-probe'
import { utilityProcessProbe } from '../../../src/main/electron/keychain-probe'

class FakeUtilityProcess extends EventEmitter {
  killed = 0
  kill(): boolean {
    this.killed++
    return true
  }
}

function fakeFork() {
  const forks: {
    modulePath: string
    args: string[]
    options: Electron.ForkOptions
    child: FakeUtilityProcess
  }[] = []
  const fork = (modulePath: string, args: string[], options: Electron.ForkOptions) => {
    const child = new FakeUtilityProcess()
    forks.push({ modulePath, args, options, child })
    return child as unknown as UtilityProcess
  }
  return { fork, forks }
}

const script = { path: '/app/out/main/keychain-probe.mjs' }

describe('the keychain probe in an Electron utility process', () => {
  it('starts the probe script as a named utility process with no output of its own', () => {
    const { fork, forks } = fakeFork()
    const probe = probeKeychain({ spawn: utilityProcessProbe(fork), script, service: 'Userdeck' })
    expect(forks).toHaveLength(1)
    expect(forks[0]).toMatchObject({
      modulePath: script.path,
      args: ['Userdeck'],
      options: { serviceName: 'Userdeck keychain check', stdio: 'ignore' },
    })
    probe.stop()
  })

  it('passes the answer on, then ends the process', async () => {
    const { fork, forks } = fakeFork()
    const probe = probeKeychain({ spawn: utilityProcessProbe(fork), script })
    const { child } = forks[0]!
    child.emit('message', { asking: true })
    child.emit('message', { ok: true })
    expect(await probe.outcome).toEqual({ available: true })
    expect(child.killed).toBe(1)
  })

  it('says the keychain crashed when the process ends with no answer, by its exit code', async () => {
    const { fork, forks } = fakeFork()
    const probe = probeKeychain({ spawn: utilityProcessProbe(fork), script })
    const { child } = forks[0]!
    child.emit('message', { asking: true })
    // Electron reports a utility process killed by SIGSEGV as an exit code, not a signal.
    child.emit('exit', 139)
    expect(await probe.outcome).toEqual({
      available: false,
      reason: 'crashed',
      detail: 'it ended with exit code 139',
    })
  })
})
