// Bundles the CLI into out/cli/userdeck.mjs, so `userdeck` starts without compiling TypeScript.
// Runs from `npm ci` (the `prepare` script) and from `npm run build:cli`; bin/userdeck.mjs uses the
// bundle when it is there and falls back to running the sources through tsx in a tree without it.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

let esbuild
try {
  esbuild = await import('esbuild')
} catch {
  // An install without dev dependencies: the bin runs the sources through tsx instead.
  console.log('build-cli: esbuild is not installed; `userdeck` will run from source (slower to start).')
  process.exit(0)
}

/**
 * zod bundles its error messages in some forty languages, a fifth of the CLI's code to parse at every
 * start; Userdeck speaks English (its own messages replace zod's in the contract), so only `en` is kept.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'/zod/'}`)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(root, 'node_modules/zod/v4/locales/en.js'))}`,
      resolveDir: root,
    }))
  },
}

const undiciSlim = {
  name: 'undici-slim',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: join(root, 'src/host/appwrite/undici-slim.cjs') }))
  },
}

// Chunk names carry a hash: clear the last build's so they do not pile up.
rmSync(join(root, 'out/cli'), { recursive: true, force: true })
const result = await esbuild.build({
  metafile: true,
  absWorkingDir: root,
  // The keychain probe runs in a child process of its own: the host finds it beside the bundle.
  entryPoints: {
    userdeck: 'src/cli/index.ts',
    'keychain-probe': 'src/host/projects/keychain-probe-child.mjs',
  },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Each command's modules load when it runs: `userdeck --help` never loads the host.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  alias: { '@shared': './src/shared' },
  // Native modules cannot be bundled; they are loaded from node_modules as they are.
  external: ['keytar', 'argon2'],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  minify: true,
  sourcemap: 'linked',
  plugins: [zodEnglishOnly, undiciSlim],
  logLevel: 'warning',
})
// The bin checks these sources against the bundle's age: after an edit it runs the sources instead,
// so a stale bundle never answers for newer code.
const sources = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/'))
writeFileSync(join(root, 'out/cli/sources.json'), JSON.stringify(sources))
console.log('build-cli: wrote out/cli/userdeck.mjs')
if (process.env.BUILD_CLI_ANALYZE) console.log(await esbuild.analyzeMetafile(result.metafile))
