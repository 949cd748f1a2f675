import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Where the damaged file once called `name` in `dir` was kept: `NAME.damaged-TIME` beside it. */
export function keptAsIn(dir: string, name: string): string {
  return join(
    dir,
    readdirSync(dir).find((kept) => kept.startsWith(`${name}.damaged-`))!,
  )
}
