/**
 * The keychain probe's own process: loads keytar, asks the keychain once, sends what it found to its
 * parent. It runs apart from the app because keytar can crash the process that calls it (SIGSEGV when
 * gnome-keyring must prompt and cannot, over SSH say): then only this process ends.
 *
 * Plain JavaScript, so that node starts it as it is, without a TypeScript loader, from the sources
 * too. Its messages are `ProbeAnswer` (keychain-probe.ts). It says when it starts asking, so the
 * parent's time limit is the keychain's, not the time a busy machine takes to start a process.
 * Started by node's fork (an IPC channel: `process.send`) or by Electron's utilityProcess
 * (`process.parentPort`). Its one argument is the keychain service to ask about; the parent ends it.
 */

function answer(message) {
  if (process.parentPort) process.parentPort.postMessage(message)
  else process.send?.(message)
}

const firstLine = (err) => (err instanceof Error ? err.message : String(err)).split('\n')[0]

async function probe(service) {
  let keytar
  try {
    const mod = await import('keytar')
    keytar = mod.default ?? mod
  } catch (err) {
    return { ok: false, reason: 'unloadable', detail: firstLine(err) }
  }
  answer({ asking: true })
  try {
    // A lookup of an account no one has: it needs the Secret Service to answer (and to unlock, where it
    // must prompt) as any read does, and touches no one's item. Listing every item (findCredentials)
    // read each one's secret, and when another process deleted a key meanwhile libsecret failed or
    // crashed (SIGSEGV in 49 of 120 probes beside two processes writing keys, none this way).
    await keytar.getPassword(service, 'userdeck-keychain-probe')
    return { ok: true }
  } catch (err) {
    return { ok: false, reason: 'no_service', detail: firstLine(err) }
  }
}

void probe(process.argv[2] ?? 'Userdeck').then(answer)
