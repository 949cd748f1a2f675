/**
 * The sandbox: a local Appwrite-compatible Users API server. `startSandbox` runs one in-process
 * (several can run side by side); `cli.ts` runs one as a process. `store` on the running sandbox and
 * the exports below let tests and tools read the state directly.
 */
export { startSandbox, DEFAULT_SCOPES, DEFAULT_SANDBOX_KEY } from './server'
export type { FaultOptions, Hold, HoldOptions, RunningSandbox, SandboxOptions } from './server'
export { Store, ChildCollection } from './store'
export type * from './records'
export { ApiError, SERVER_VERSION } from './errors'
export type { ErrorBody, ErrorType } from './errors'
export { seedStore, SEED_PASSWORD } from './seed'
export { Persistence } from './persistence'
export { parseQueries, executeQuery } from './queries'
export { USER_QUERY_SCHEMA } from './routes/users'
export { parseFulltext, matchesFulltext, indexText, tokenize } from './search'
