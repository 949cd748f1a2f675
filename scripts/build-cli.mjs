// Bundles the CLI into out/cli/userdeck.cjs, so `userdeck` starts without compiling TypeScript.
// Runs from `npm ci` (the `prepare` script) and from `npm run build:cli`; bin/userdeck.mjs uses the
// bundle when it is there and falls back to running the sources through tsx in a tree without it.
import { rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
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

// Another folder may be named (a test builds a copy of its own); paths in it are relative to the root.
const outdir = relative(root, resolve(process.argv[2] ?? join(root, 'out/cli')))
rmSync(join(root, outdir), { recursive: true, force: true })
const shared = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  minify: true,
  logLevel: 'warning',
}
const result = await esbuild.build({
  ...shared,
  metafile: true,
  entryPoints: { userdeck: 'src/cli/index.ts' },
  outExtension: { '.js': '.cjs' },
  // One CommonJS file, not ES modules: bin/userdeck.mjs compiles it with V8's code cache, which Node 20
  // keeps for no module. A module a command does not use is still evaluated only when first imported.
  format: 'cjs',
  alias: { '@shared': './src/shared' },
  // Native modules cannot be bundled; they are loaded from node_modules as they are, by `require`:
  // the bin runs the bundle as a vm.Script, where an `import()` left in it has no loader to call and
  // throws ("A dynamic import callback was not specified"), which left the CLI without its keychain.
  external: ['keytar', 'argon2'],
  supported: { 'dynamic-import': false },
  // The keychain probe's lookup beside the running code (keychain-probe.ts) reads import.meta.url.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  plugins: [zodEnglishOnly, undiciSlim],
})
// The keychain probe runs in a child process of its own: the host finds it beside the bundle.
await esbuild.build({
  ...shared,
  entryPoints: { 'keychain-probe': 'src/host/projects/keychain-probe-child.mjs' },
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  external: ['keytar'],
})
// The bin checks these sources against the bundle's age: after an edit it runs the sources instead,
// so a stale bundle never answers for newer code.
const sources = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/'))
writeFileSync(join(root, outdir, 'sources.json'), JSON.stringify(sources))
console.log(`build-cli: wrote ${join(outdir, 'userdeck.cjs')}`)
if (process.env.BUILD_CLI_ANALYZE) console.log(await esbuild.analyzeMetafile(result.metafile))
