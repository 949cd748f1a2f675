import type { Command } from 'commander'
import type { CliContext } from '../context'

export function registerJobsCommands(_program: Command, _ctx: CliContext): void {}
