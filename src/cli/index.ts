import { limitHeapGrowth } from '../host'
import { runCli } from './program'
import { processIo } from './output'

limitHeapGrowth()
const code = await runCli(process.argv.slice(2), processIo)
process.exit(code)
