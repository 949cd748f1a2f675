import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  resolve: {
    alias: {
      '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
      '@renderer': fileURLToPath(new URL('./src/renderer/src', import.meta.url)),
    },
  },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/renderer/**/*.test.{ts,tsx}'],
    setupFiles: ['test/unit/helpers/fast-check-seed.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: one worker per core keeps sandbox-heavy suites from starving each other.
    maxWorkers: 2,
  },
})
