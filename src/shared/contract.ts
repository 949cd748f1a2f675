/**
 * The one IPC contract. Each feature declares its channels and events in `contract/<feature>.ts`;
 * this file joins them. Main validates with the schemas; the preload and the Chromium bridge build
 * `window.userdeck` from the names; the renderer's types come from `UserdeckApi`.
 */
import type { z } from 'zod'
import type { ChannelDef, EventDef } from './contract/define'
import type { Result } from './errors'
import { appChannels, appEvents } from './contract/app'
import { projectsChannels, projectsEvents } from './contract/projects'
import { usersChannels, usersEvents } from './contract/users'
import { sessionsChannels, sessionsEvents } from './contract/sessions'
import { labelsChannels, labelsEvents } from './contract/labels'
import { jobsChannels, jobsEvents } from './contract/jobs'
import { importChannels, importEvents } from './contract/import'
import { activityChannels, activityEvents } from './contract/activity'
import { bulkChannels, bulkEvents } from './contract/bulk'
import { statsChannels, statsEvents } from './contract/stats'
import { accessChannels } from './contract/access'
import { settingsChannels } from './contract/settings'

export const channels = {
  ...appChannels,
  ...projectsChannels,
  ...usersChannels,
  ...sessionsChannels,
  ...labelsChannels,
  ...jobsChannels,
  ...importChannels,
  ...activityChannels,
  ...bulkChannels,
  ...statsChannels,
  ...accessChannels,
  ...settingsChannels,
} satisfies Record<string, ChannelDef>

export const events = {
  ...appEvents,
  ...projectsEvents,
  ...usersEvents,
  ...sessionsEvents,
  ...labelsEvents,
  ...jobsEvents,
  ...importEvents,
  ...activityEvents,
  ...bulkEvents,
  ...statsEvents,
} satisfies Record<string, EventDef>

export type Channels = typeof channels
export type Channel = keyof Channels & string
/** What the renderer sends (defaults not yet applied). */
export type Input<C extends Channel> = z.input<Channels[C]['input']>
/** What a handler receives: validated, defaults applied. */
export type ParsedInput<C extends Channel> = z.output<Channels[C]['input']>
/** What a handler answers: the phantom's type, which may include null ("none"), never undefined. */
export type Output<C extends Channel> = Exclude<Channels[C]['output'], undefined>

export type Events = typeof events
export type EventName = keyof Events & string
export type EventPayload<E extends EventName> = NonNullable<Events[E]['payload']>

export const channelNames = Object.keys(channels) as Channel[]
export const eventNames = Object.keys(events) as EventName[]

type Namespace = Channel extends `${infer NS}.${string}` ? NS : never

/** `window.userdeck`: one function per channel, grouped by the part before the dot, plus `on`. */
export type UserdeckApi = {
  readonly [NS in Namespace]: {
    readonly [C in Channel as C extends `${NS}.${infer M}` ? M : never]: (
      input: Input<C>,
    ) => Promise<Result<Output<C>>>
  }
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}
