import type { Command } from 'commander'
import type { AppError } from '@shared/errors'

/**
 * Contract fields fed by a flag of another name. Which one applies depends on the command, so each
 * is taken only when the command has it (`userId` is `--id` on `users create`, `--user` elsewhere).
 */
const FLAGS_OF_FIELD: Readonly<Record<string, readonly string[]>> = {
  emailVerification: ['--email-verified'],
  phoneVerification: ['--phone-verified'],
  password: ['--password-env'],
  key: ['--key-env'],
  mapping: ['--map'],
  hash: ['--hash-env'],
  version: ['--sha-version'],
  userId: ['--id', '--user'],
  userIds: ['--user'],
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/**
 * The flag (or `<argument>`) of `command` that fed a contract field: `filters.registeredAfter` is
 * `--registered-after`, `columns.1` is `--columns`. Undefined when the command has no such input.
 */
export function flagOf(field: string, command: Command): string | undefined {
  const name = field
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1)
  if (!name) return undefined
  const flags = new Set(command.options.map((option) => option.long))
  const candidates = [`--${kebab(name)}`, ...(FLAGS_OF_FIELD[name] ?? [])]
  const flag = candidates.find((candidate) => flags.has(candidate))
  if (flag) return flag
  return command.registeredArguments.some((argument) => argument.name() === name) ? `<${name}>` : undefined
}

/**
 * A contract's refusal said in the terms the person typed: "--limit must be 500 or less." rather
 * than the field's name in the contract. Other errors pass unchanged.
 */
export function inFlagTerms(error: AppError, command: Command | null): AppError {
  if (error.code !== 'invalid_input' || !error.field || !command) return error
  const name = flagOf(error.field, command)
  if (!name) return error
  const message = error.rule ? `${name} ${error.rule}.` : `${name}: ${error.message}`
  return { ...error, message }
}
