import { z } from 'zod'
import { channel, event } from './define'
import { empty } from './common'
import type { AppInfo, KeptAsideFile, KeychainState } from '../models'

/**
 * Every page outside the app that Userdeck may open, by topic. The window names a topic, never an
 * address, so a compromised page cannot send the system browser anywhere else.
 */
export const helpPages = {
  'api-keys': 'https://appwrite.io/docs/advanced/security/api-keys',
} as const

export type HelpTopic = keyof typeof helpPages
const helpTopics = Object.keys(helpPages) as [HelpTopic, ...HelpTopic[]]

export const appChannels = {
  'app.info': channel<AppInfo>()(empty),
  /**
   * Opens a help page in the system browser where the shell has one (Electron); elsewhere `opened` is
   * false and the window shows the address to copy.
   */
  'app.openHelp': channel<{ url: string; opened: boolean }>()(
    z.strictObject({ topic: z.enum(helpTopics, { message: 'There is no help page on that topic.' }) }),
  ),
}

export const appEvents = {
  /** The keychain's check answered (it runs in the background while the window opens). */
  'app.keychain': event<KeychainState>(),
  /**
   * A data file was found damaged and set aside. Sent for each; those found before the window
   * listened are in `app.info`. After start it is a job's record, read again at every list of jobs.
   */
  'app.keptAside': event<KeptAsideFile>(),
}
