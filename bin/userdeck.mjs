#!/usr/bin/env node
// Runs the CLI from its TypeScript source through tsx, so `npx userdeck` works straight after
// `npm install` with no build step. The project's tsconfig supplies the @shared alias wherever
// the command is run from.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
await import('../src/cli/index.ts')
