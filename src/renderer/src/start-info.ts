import type { Output } from '@shared/contract'
import { call } from './api'

let asked: Promise<Output<'app.info'>> | null = null

/**
 * What the host said of itself as the window opened. Asked once and shared: the keychain banner
 * reads where keys go, the kept-aside banner which data files were set aside. A failed ask is
 * forgotten, so the next caller asks again.
 */
export function startInfo(): Promise<Output<'app.info'>> {
  if (!asked) {
    const ask = call((a) => a.app.info({}))
    asked = ask
    ask.catch(() => {
      if (asked === ask) asked = null
    })
  }
  return asked
}
