// `npm test`: every check and every suite, then one line "N passed, N failed" (vitest and Playwright
// totals added up; a failed check such as lint counts as one failure). Exits non-zero on any failure.
//
// On Linux without a session bus it re-runs itself inside a private D-Bus session with an unlocked
// gnome-keyring, so the keychain tests hit a real Secret Service, not a stand-in.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0

if (
  process.platform === 'linux' &&
  !process.env.USERDECK_TEST_SESSION &&
  onPath('dbus-run-session') &&
  onPath('gnome-keyring-daemon')
) {
  // The keyring lives in a folder of its own, made new for every run: a keyring left by an earlier run
  // (or the person's own login keyring) would have another password, stay locked, and make every
  // keychain call wait on a prompt no one can answer.
  const keyringHome = mkdtempSync(join(tmpdir(), 'userdeck-keyring-'))
  const inner = [
    `echo -n userdeck-test | XDG_DATA_HOME="${keyringHome}" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1`,
    'exec node scripts/test.mjs "$@"',
  ].join('; ')
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, USERDECK_TEST_SESSION: '1' },
  })
  rmSync(keyringHome, { recursive: true, force: true })
  process.exit(run.status ?? 1)
}

const reports = 'reports'
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

let passed = 0
let failed = 0
let skipped = 0
const failures = []
/** Seeds of the fast-check properties that failed, with the file to replay each in. */
const seeds = []

function step(name, cmd, args, env = {}) {
  console.log(`\n── ${name} ──`)
  const started = Date.now()
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  })
  console.log(
    `── ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  return r.status === 0
}

function check(name, cmd, args) {
  if (!step(name, cmd, args)) {
    failed += 1
    failures.push(name)
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function vitest() {
  const file = join(reports, 'vitest.json')
  const ok = step('unit tests (vitest)', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ])
  const r = readJson(file)
  if (!r) {
    failed += 1
    failures.push('vitest (no report)')
    return
  }
  passed += r.numPassedTests
  failed += r.numFailedTests
  seeds.push(...failedSeeds(r))
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
  if (!ok && r.numFailedTests === 0) {
    // A suite that failed to load counts no test but still fails the run.
    failed += 1
    failures.push('vitest (suite error)')
  }
}

/** fast-check ends a failure's message with `{ seed: N, path: "…", … }`. */
function failedSeeds(report) {
  const found = []
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue
      const seed = /\{ seed: (-?\d+)/.exec((test.failureMessages ?? []).join('\n'))?.[1]
      if (seed) found.push({ seed, file: relative(process.cwd(), file.name) })
    }
  }
  return found
}

function playwright(name, args) {
  const file = join(reports, `${name}.json`)
  const ok = step(name, 'npx', ['playwright', 'test', ...args], { USERDECK_REPORT: file })
  const r = readJson(file)
  if (!r) {
    failed += 1
    failures.push(`${name} (no report)`)
    return
  }
  passed += r.stats.expected + r.stats.flaky
  failed += r.stats.unexpected
  skipped += r.stats.skipped
  if (!ok && r.stats.unexpected === 0) {
    failed += 1
    failures.push(`${name} (run error)`)
  }
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck'])
check('lint', 'npx', ['eslint', '--max-warnings', '0', '.'])
check('format', 'npx', ['prettier', '--check', '.'])
check('build', 'npx', ['electron-vite', 'build'])
if (existsSync('scripts/security-gate.mjs')) check('electronegativity', 'node', ['scripts/security-gate.mjs'])
vitest()
playwright('e2e', [])
playwright('electron', ['-c', 'playwright.electron.config.ts'])

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`)
// One line a CI counter reads; a failed property says how to run it again with the same inputs.
const replay = seeds
  .map(({ seed, file }) => `fast-check seed ${seed}: replay with FC_SEED=${seed} npx vitest run ${file}`)
  .join('; ')
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${replay ? ` (${replay})` : ''}`,
)
process.exit(failed === 0 ? 0 : 1)
