/**
 * A keychain that takes its time, for finding tests that wait on the app's 2 s keychain limit:
 * `scripts/stress-test.sh --slow-keychain` loads this into every node process through NODE_OPTIONS.
 * Once a process tells its parent it is asking the keychain (`{ asking: true }`: the app's probe, and
 * the tests' stand-ins for it), what it does next waits USERDECK_SLOW_KEYCHAIN_MS (default 3000), as
 * when gnome-keyring is slow to answer on a busy machine: its later messages, and the callback of the
 * "asking" message itself (where a stand-in crashes). Held messages still arrive, in order. No other
 * process says it is asking, so no other process is touched.
 */
const held = Number(process.env.USERDECK_SLOW_KEYCHAIN_MS ?? 3000)

if (typeof process.send === 'function') {
  const send = process.send.bind(process)
  let asked = false
  process.send = (message, ...rest) => {
    if (asked) {
      setTimeout(() => send(message, ...rest), held)
      return true
    }
    if (message === null || typeof message !== 'object' || message.asking !== true) {
      return send(message, ...rest)
    }
    asked = true
    const then = rest.at(-1)
    if (typeof then !== 'function') return send(message, ...rest)
    return send(message, ...rest.slice(0, -1), (error) => setTimeout(() => then(error), held))
  }
}
