import { runCli } from './program'
import { processIo } from './output'

const code = await runCli(process.argv.slice(2), processIo)
process.exit(code)
