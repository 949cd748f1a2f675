import { defineConfig } from '@playwright/test'

/** The real Electron app through Playwright's `_electron`; skipped where the binary cannot be had. */
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.USERDECK_REPORT
    ? [['list'], ['json', { outputFile: process.env.USERDECK_REPORT }]]
    : 'list',
})
