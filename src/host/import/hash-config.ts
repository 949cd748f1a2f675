import { fail } from '@shared/errors'
import { isBase64 } from '@shared/appwrite-limits'
import type { FirebaseHashConfig } from '@shared/models/import'

/** Appwrite's scrypt-modified endpoint fixes N = 2^14, r = 8, p = 1: Firebase's defaults. */
export const APPWRITE_SCRYPT_MOD = { rounds: 8, memCost: 14 } as const

const KEYS: Record<string, keyof FirebaseHashConfig | 'algorithm'> = {
  algorithm: 'algorithm',
  base64_signer_key: 'signerKey',
  signer_key: 'signerKey',
  signerkey: 'signerKey',
  base64_salt_separator: 'saltSeparator',
  salt_separator: 'saltSeparator',
  saltseparator: 'saltSeparator',
  rounds: 'rounds',
  mem_cost: 'memCost',
  memcost: 'memCost',
  memory_cost: 'memCost',
}

/**
 * Reads Firebase's password hash parameters either as the console shows them
 * (`hash_config { algorithm: SCRYPT, base64_signer_key: …, base64_salt_separator: Bw==, rounds: 8, mem_cost: 14 }`)
 * or as JSON with the same keys (camelCase or snake_case), and refuses what Appwrite cannot verify.
 */
export function parseHashConfig(text: string): FirebaseHashConfig {
  const found: Record<string, string> = {}
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      fail(
        'invalid_input',
        'The hash config looks like JSON but does not parse. Paste it again, or use the console block.',
        {
          field: 'hashConfig',
        },
      )
    }
    const object = (parsed as { hash_config?: unknown; hashConfig?: unknown }) ?? {}
    const inner = (object.hash_config ?? object.hashConfig ?? object) as Record<string, unknown>
    for (const [key, value] of Object.entries(inner)) found[key] = String(value)
  } else {
    const body = /\{([\s\S]*)\}/.exec(trimmed)?.[1] ?? trimmed
    for (const line of body.split(/[,\n]/)) {
      const m = /^\s*([A-Za-z0-9_]+)\s*[:=]\s*"?([^",]*?)"?\s*$/.exec(line)
      if (m) found[m[1]!] = m[2]!
    }
  }
  const config: Partial<FirebaseHashConfig> & { algorithm?: string } = {}
  for (const [key, value] of Object.entries(found)) {
    const target = KEYS[key.toLowerCase()] ?? KEYS[key.replace(/([A-Z])/g, '_$1').toLowerCase()]
    if (target === 'rounds' || target === 'memCost') config[target] = Number(value)
    else if (target) config[target] = value.trim()
  }
  if (config.algorithm && config.algorithm.toUpperCase() !== 'SCRYPT') {
    fail(
      'invalid_input',
      `The hash config names ${config.algorithm}; Firebase imports need its SCRYPT parameters.`,
      {
        field: 'hashConfig',
      },
    )
  }
  const missing = (['signerKey', 'saltSeparator', 'rounds', 'memCost'] as const).filter(
    (k) => config[k] === undefined || config[k] === '' || Number.isNaN(config[k]),
  )
  if (missing.length > 0) {
    fail(
      'invalid_input',
      `The hash config lacks ${missing.join(', ')}. Copy the whole hash_config block from Firebase console → Authentication → Users → ⋮ → Password hash parameters.`,
      { field: 'hashConfig' },
    )
  }
  const result: FirebaseHashConfig = {
    signerKey: config.signerKey!,
    saltSeparator: config.saltSeparator!,
    rounds: config.rounds!,
    memCost: config.memCost!,
  }
  for (const key of ['signerKey', 'saltSeparator'] as const) {
    if (!isBase64(result[key])) {
      fail(
        'invalid_input',
        `The hash config's ${key} is not base64. Copy it exactly as the console shows it.`,
        {
          field: 'hashConfig',
        },
      )
    }
  }
  assertAppwriteCanVerify(result)
  return result
}

export function assertAppwriteCanVerify(config: FirebaseHashConfig): void {
  if (config.rounds !== APPWRITE_SCRYPT_MOD.rounds || config.memCost !== APPWRITE_SCRYPT_MOD.memCost) {
    fail(
      'invalid_input',
      `Appwrite verifies Firebase hashes only with rounds 8 and mem_cost 14; this project uses rounds ${config.rounds} and mem_cost ${config.memCost}. Their passwords would not work in Appwrite: import them without passwords ("Import without passwords" under Passwords in the window; --no-passwords in the CLI) and have them reset it.`,
      { field: 'hash.firebase' },
    )
  }
}
