import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

// Bounds for a hung test, not targets. Under `scripts/stress-test.sh --slow-keychain` every keychain
// probe waits USERDECK_SLOW_KEYCHAIN_MS on purpose, and a test of twenty CLI commands would spend a
// minute on that alone; the bound grows by thirty such waits, so what fails there is a race, not the sum.
const budgetMs = 60_000 + 30 * Number(process.env.USERDECK_SLOW_KEYCHAIN_MS ?? 0)

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
    testTimeout: budgetMs,
    hookTimeout: budgetMs,
    // Two cores: one worker per core keeps sandbox-heavy suites from starving each other.
    maxWorkers: 2,
  },
})
