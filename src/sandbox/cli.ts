import { Command, InvalidArgumentError } from 'commander'
import { DEFAULT_SANDBOX_KEY as DEFAULT_KEY, DEFAULT_SCOPES, startSandbox } from './server'
import type { FaultOptions } from './server'

function int(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Expected a non-negative integer.')
  return n
}

function rate(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('Expected a number between 0 and 1.')
  return n
}

interface CliOptions {
  port: number
  host: string
  project: string
  key: string
  scopes?: string
  seed?: number
  data?: string
  latency?: number
  failRate?: number
  rateLimit?: number
  dropRate?: number
  htmlRate?: number
  truncateRate?: number
  wrongContentTypeRate?: number
  hugeRate?: number
  dripRate?: number
  quiet?: boolean
  appwriteVersion?: string
}

const program = new Command()
  .name('sandbox')
  .description(
    'A local Appwrite-compatible Users API server (embedded demo project, test and benchmark target).',
  )
  .option('--port <n>', 'port to listen on; 0 picks a free one', int, 0)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--project <id>', 'project ID clients must send as X-Appwrite-Project', 'demo')
  .option('--key <key>', 'API key clients must send as X-Appwrite-Key', DEFAULT_KEY)
  .option('--scopes <list>', `comma-separated scopes of the key (default ${DEFAULT_SCOPES.join(',')})`)
  .option('--seed <n>', 'create N realistic users deterministically when the store starts empty', int)
  .option('--data <dir>', 'persist every acknowledged write in DIR and serve its state on restart')
  .option('--latency <ms>', 'add this many milliseconds to every response', int)
  .option('--fail-rate <r>', 'fraction of requests answered with a 500/502/503 error', rate)
  .option(
    '--rate-limit <perSec>',
    "answer 429 with Appwrite's X-RateLimit-* headers above this many requests per second (as a proxy or edge might)",
    int,
  )
  .option(
    '--drop-rate <r>',
    'fraction of connections destroyed without a response (before or after the write)',
    rate,
  )
  .option('--html-rate <r>', 'fraction of requests answered with an HTML error page', rate)
  .option('--truncate-rate <r>', 'fraction of responses with a truncated JSON body', rate)
  .option('--wrong-content-type-rate <r>', 'fraction of responses sent as text/plain', rate)
  .option('--huge-rate <r>', 'fraction of responses padded to about 20 MB', rate)
  .option('--drip-rate <r>', 'fraction of responses trickled out over a few seconds', rate)
  .option(
    '--appwrite-version <X.Y.Z>',
    "answer as this Appwrite release (its refusals and answers); default: the newest behaviour, Cloud's",
  )
  .option('--quiet', 'do not log unexpected errors')
  .showHelpAfterError()

program.parse()
const options = program.opts<CliOptions>()

const faults: FaultOptions = {
  latencyMs: options.latency,
  failRate: options.failRate,
  rateLimitPerSec: options.rateLimit,
  dropRate: options.dropRate,
  htmlRate: options.htmlRate,
  truncateRate: options.truncateRate,
  wrongContentTypeRate: options.wrongContentTypeRate,
  hugeRate: options.hugeRate,
  dripRate: options.dripRate,
}

const sandbox = await startSandbox({
  port: options.port,
  host: options.host,
  projectId: options.project,
  apiKey: options.key,
  scopes: options.scopes
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  seed: options.seed,
  dataDir: options.data,
  faults,
  quiet: options.quiet,
  appwriteVersion: options.appwriteVersion,
})
process.stdout.write(`listening ${sandbox.url}\n`)

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return
  stopping = true
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`sandbox: failed to stop cleanly after ${signal}:`, error)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
