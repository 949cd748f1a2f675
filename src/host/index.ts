/**
 * The host's entry: all that a shell (the Electron window, the Chromium shell, the CLI) may import.
 * A shell serves the contract through `createHost(…).dispatch` and `events`; everything else in
 * src/host is the host's own business, and a lint rule keeps the shells out of it.
 */
export { createHost, APP_VERSION, type Host, type HostEvents, type HostOptions } from './host'
export type { Dispatch } from './ipc/dispatcher'
export { limitHeapGrowth } from './heap'
export { defaultDataDir } from './paths'
export { DEMO_PROJECT_REF } from './demo/demo-project'
