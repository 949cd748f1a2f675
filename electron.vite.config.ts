import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { CONTENT_SECURITY_POLICY } from './src/shared/csp'

const alias = {
  '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
  '@renderer': fileURLToPath(new URL('./src/renderer/src', import.meta.url)),
}

/**
 * Puts the one CSP into index.html. The dev server's hot reload needs a websocket and an inline
 * preamble, so only `electron-vite dev` relaxes it; every build, and so every test, gets the strict one.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'userdeck-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const policy = ctx.server
          ? CONTENT_SECURITY_POLICY.replace(
              "connect-src 'none'",
              "connect-src 'self' ws: http://localhost:*",
            ).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
          : CONTENT_SECURITY_POLICY
        return html.replace('%CONTENT_SECURITY_POLICY%', policy)
      },
    },
  }
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // The keychain probe runs in a utility process of its own: its script is built beside main's.
      rollupOptions: {
        input: { index: 'src/main/index.ts', 'keychain-probe': 'src/host/projects/keychain-probe-child.mjs' },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload can require only `electron`: it must be one CommonJS file with its
      // dependencies (zod, for the contract) bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: 'src/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias },
    plugins: [react(), contentSecurityPolicy()],
    build: {
      // Minified: the window's first load is parsed before it shows anything.
      minify: true,
      rollupOptions: {
        input: { index: 'src/renderer/index.html' },
        // Everything the first screen imports goes into the entry's one file. Left to itself the
        // bundler split it into some thirty small shared chunks (a Mantine component each), and the
        // window fetched them one by one before it drew: grouped, the first row shows about 90 ms
        // sooner in `npm run bench:startup`. The screens loaded later still import from it.
        output: { codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial'] }] } },
      },
      // The first load's budget (minified): the entry carries all of it now, so warn past that.
      chunkSizeWarningLimit: 600,
    },
  },
})
