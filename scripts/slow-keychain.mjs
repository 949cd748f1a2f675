/**
 * A keychain that takes its time, for finding tests that wait on the app's 2 s keychain limit:
 * `scripts/stress-test.sh --slow-keychain` loads this into every node process through NODE_OPTIONS.
 * In the keychain probe's own process only, it holds each message after "asking" for
 * USERDECK_SLOW_KEYCHAIN_MS (default 3000), as a gnome-keyring slow to answer on a busy machine does.
 * Every other process is left as it was. Held messages still arrive, in order: the probe's parent ends
 * it, so nothing is lost by the wait.
 */
import { basename } from 'node:path'

const probeScripts = /^keychain-probe(-child)?\.(mjs|js)$/
const held = Number(process.env.USERDECK_SLOW_KEYCHAIN_MS ?? 3000)

if (probeScripts.test(basename(process.argv[1] ?? '')) && typeof process.send === 'function') {
  const send = process.send.bind(process)
  let asked = false
  process.send = (message, ...rest) => {
    if (asked) {
      setTimeout(() => send(message, ...rest), held)
      return true
    }
    asked = message !== null && typeof message === 'object' && message.asking === true
    return send(message, ...rest)
  }
}
