import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests over the Chromium shell: the real renderer in Debian's Chromium, bridged to the
 * real host and services, against the sandbox. Each test gets its own data folder (see test/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  // Bounds for a hung test, not targets: on a shared CI machine with every core busy, the longest flows
  // (a job, its report and its undo) have taken over a minute while still correct.
  timeout: 180_000,
  // One step the window takes (loading a screen's code, reading a file) took over 10 s on a machine
  // running two suites beside stress-ng: the tests' own process serves the window, the host and the
  // sandbox, and got a sixth of a core. A wait that passes ends as soon as its condition holds.
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.USERDECK_REPORT
    ? [['list'], ['json', { outputFile: process.env.USERDECK_REPORT }]]
    : 'list',
  use: { trace: 'retain-on-failure' },
})
