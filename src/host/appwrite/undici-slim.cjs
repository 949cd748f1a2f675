'use strict'
/**
 * What the CLI bundle gets for `import … from 'undici'` (scripts/build-cli.mjs points it here).
 * undici's index loads all of undici (fetch, WebSocket, EventSource, the cache, the mocks), about
 * 140 kB that every command would parse and run at start. Userdeck's transport needs only the Agent
 * and the request API, and only once a command first calls a server: `projects list` never does.
 * node-appwrite imports `fetch`, `FormData` and `File` but reaches them only through the `call` and
 * uploads that the transport replaces, so Node's own are handed over. Each is loaded when first read
 * (reading Node's globals loads Node's copy of undici; loading undici's Agent compiles its HTTP parser).
 *
 * CommonJS on purpose: an ES module cannot export a binding that is read only when used.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let Agent = null

module.exports = {
  get Agent() {
    if (!Agent) {
      // As undici's index does: `request()` and its siblings live on every dispatcher.
      const Dispatcher = require('undici/lib/dispatcher/dispatcher')
      Object.assign(Dispatcher.prototype, require('undici/lib/api'))
      Agent = require('undici/lib/dispatcher/agent')
    }
    return Agent
  },
  get fetch() {
    return globalThis.fetch
  },
  get FormData() {
    return globalThis.FormData
  },
  get File() {
    return globalThis.File
  },
}
