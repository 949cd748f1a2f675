// Electronegativity as a gate: scans the app's source and its build, writes one SARIF file per scan
// into reports/, prints a table, and exits 1 when any finding is of medium severity or above (the tool
// itself exits 0 whatever it finds), 2 when a scan could not run or a file could not be parsed.
//
//   node scripts/security-gate.mjs                    source (src/main, src/preload, src/shared,
//                                                     src/renderer/index.html) and the build in out/
//   node scripts/security-gate.mjs --build DIR        the build from another folder
//   node scripts/security-gate.mjs --scan NAME=DIR    only the given folders (repeatable)
//   … --reports DIR                                   SARIF elsewhere than reports/
//
// Suppressions: only inline `eng-disable CHECK_ID` comments at the end of the flagged line (the tool
// reads no other), with the reason in a comment on the line directly above (the gate fails without). The bundler strips comments, so a build
// finding is waived only while the source holds at least as many justified suppressions of that check;
// one more call anywhere, ours or a dependency's, fails the build scan. No check is excluded globally:
// EXCLUDED_CHECKS stays empty unless a reason is written next to the entry.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const EXCLUDED_CHECKS = []
const FAIL_AT = 2 // Electronegativity's severity scale: 0 informational, 1 low, 2 medium, 3 high

function parseArgs(argv) {
  const scans = []
  let build = join(root, 'out')
  let reports = join(root, 'reports')
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = argv[i + 1]
    if (arg === '--scan' && value?.includes('=')) {
      const [name, dir] = value.split(/=(.*)/s)
      scans.push({ name, dir: resolve(dir) })
      i++
    } else if (arg === '--build' && value) {
      build = resolve(value)
      i++
    } else if (arg === '--reports' && value) {
      reports = resolve(value)
      i++
    } else {
      throw new Error(`Unknown argument "${arg}". See the header of scripts/security-gate.mjs.`)
    }
  }
  return { scans, build, reports }
}

/**
 * One folder laid out like the repository, so the tool's app-wide checks (is there a CSP anywhere,
 * is navigation limited anywhere) see main, preload and page together rather than in isolation.
 * index.html gets the policy Vite would put in, so the scan judges the real CSP, not the placeholder.
 */
async function stageSource() {
  const stage = mkdtempSync(join(tmpdir(), 'userdeck-eng-'))
  for (const part of ['src/main', 'src/preload', 'src/shared']) {
    cpSync(join(root, part), join(stage, part), { recursive: true })
  }
  const { tsImport } = await import('tsx/esm/api')
  const { CONTENT_SECURITY_POLICY } = await tsImport('../src/shared/csp.ts', import.meta.url)
  const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8')
  if (!html.includes('%CONTENT_SECURITY_POLICY%')) {
    throw new Error('src/renderer/index.html lost its %CONTENT_SECURITY_POLICY% meta tag.')
  }
  mkdirSync(join(stage, 'src/renderer'), { recursive: true })
  writeFileSync(
    join(stage, 'src/renderer/index.html'),
    html.replace('%CONTENT_SECURITY_POLICY%', CONTENT_SECURITY_POLICY),
  )
  return stage
}

/**
 * SARIF written here rather than by the tool: its own writer writes asynchronously with no way to wait
 * for it, and drops the severity, which is what the gate and code scanning need.
 */
function toSarif(issues, electronVersion) {
  const level = (s) => (s >= FAIL_AT ? 'error' : s === 1 ? 'warning' : 'note')
  const rules = [...new Set(issues.map((i) => i.id))].map((id) => ({
    id,
    helpUri: `https://github.com/doyensec/electronegativity/wiki/${id}`,
  }))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Electronegativity',
            informationUri: 'https://github.com/doyensec/electronegativity',
            rules,
          },
        },
        properties: { electronVersion },
        results: issues.map((i) => ({
          ruleId: i.id,
          level: level(i.severity.value),
          message: { text: i.description },
          properties: {
            severity: i.severity.name,
            confidence: i.confidence.name,
            manualReview: i.manualReview,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: i.file === 'N/A' ? '.' : i.file },
                region: { startLine: Math.max(1, i.location.line), startColumn: i.location.column + 1 },
              },
            },
          ],
        })),
      },
    ],
  }
}

async function scan(run, { name, dir }, reports, electronVersion) {
  const result = await run({
    input: dir,
    isSarif: true,
    isRelative: true,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    // The tool reads the version from a package.json in the input; neither the staged source nor the
    // build has one, and without it the tool assumes Electron 0.1 and judges by its defaults.
    electronVersionOverride: electronVersion,
  })
  const output = join(reports, `electronegativity-${name}.sarif`)
  writeFileSync(output, JSON.stringify(toSarif(result.issues, electronVersion), null, 2))
  return { name, output, issues: result.issues, errors: result.errors }
}

/** Every `eng-disable` in the source, and whether the line above it is a comment giving the reason. */
function inlineSuppressions(dir) {
  const found = []
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx|js|mjs|cjs|html)$/.test(entry.name)) {
        const lines = readFileSync(path, 'utf8').split('\n')
        lines.forEach((line, i) => {
          const m = /(?:\/\/|\/\*|<!--)\s*eng-disable\s+([A-Z0-9_ ,]+)/.exec(line)
          if (!m) return
          const above = (lines[i - 1] ?? '').trim()
          const justified = /^(\/\/|\*|\/\*|<!--)\s*\S/.test(above) && !above.includes('eng-disable')
          for (const id of m[1].split(/[ ,]+/).filter(Boolean)) {
            found.push({ id, where: `${relative(dir, path)}:${i + 1}`, justified })
          }
        })
      }
    }
  }
  walk(dir)
  return found
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n')
}

async function main() {
  const { scans, build, reports } = parseArgs(process.argv.slice(2))
  mkdirSync(reports, { recursive: true })
  const staged = []
  if (scans.length === 0) {
    if (!existsSync(join(build, 'main/index.js'))) {
      console.error(`No build in ${build}: run \`npx electron-vite build\` first (the test command does).`)
      return 2
    }
    const stage = await stageSource()
    staged.push(stage)
    scans.push({ name: 'source', dir: stage }, { name: 'build', dir: build })
  }
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
  const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity')

  const results = []
  let suppressions = []
  try {
    for (const s of scans) {
      results.push(await scan(run, s, reports, electronVersion))
      suppressions = suppressions.concat(inlineSuppressions(s.dir))
    }
  } finally {
    for (const dir of staged) rmSync(dir, { recursive: true, force: true })
  }

  const rows = [['scan', 'severity', 'confidence', 'check', 'where']]
  let blocking = 0
  let errors = 0
  for (const s of suppressions) {
    rows.push(['source', s.justified ? 'suppressed' : 'UNJUSTIFIED ✗', '-', s.id, s.where])
    if (!s.justified) blocking++
  }
  const waivers = new Map()
  if (staged.length > 0) {
    for (const s of suppressions) if (s.justified) waivers.set(s.id, (waivers.get(s.id) ?? 0) + 1)
  }
  for (const r of results) {
    for (const issue of r.issues) {
      const waived = r.name === 'build' && (waivers.get(issue.id) ?? 0) > 0
      if (waived) waivers.set(issue.id, waivers.get(issue.id) - 1)
      const blocks = !waived && issue.severity.value >= FAIL_AT
      if (blocks) blocking++
      rows.push([
        r.name,
        `${issue.severity.name}${blocks ? ' ✗' : waived ? ' (waived: suppressed in source)' : ''}`,
        issue.confidence.name,
        issue.id,
        `${issue.file}:${issue.location.line}`,
      ])
    }
    for (const e of r.errors) {
      errors++
      rows.push([r.name, 'ERROR', '-', 'could not parse', String(e.file ?? e.message ?? JSON.stringify(e))])
    }
  }
  console.log(
    `\nElectronegativity (Electron ${electronVersion}), SARIF in ${results.map((r) => r.output).join(', ')}`,
  )
  if (rows.length > 1) console.log(table(rows))
  const summary = results.map((r) => `${r.name}: ${r.issues.length} finding(s)`).join(', ')
  console.log(`${summary}; ${blocking} at medium or above, ${errors} unparsed file(s)`)
  if (errors > 0) return 2
  return blocking > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(2)
  },
)
