import { z } from 'zod'
import { channel, event } from './define'
import { projectRef, requestId } from './common'
import { guardProof } from './projects'
import type { JobView } from '../models/jobs'
import {
  hashTypes,
  IMPORT_MAX_CONCURRENCY,
  importFields,
  importFormats,
  onExistingChoices,
  problemRules,
  shaVersions,
  type FirebaseHashConfig,
  type ImportInspection,
  type ImportProblemsFile,
  type ImportValidation,
  type PasswordCheck,
} from '../models/import'

/** One upload chunk: a mebibyte of file, base64-encoded, keeps every IPC message small. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024
const UPLOAD_CHUNK_BASE64 = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4
/** Larger than any user base we expect; a bound so a runaway upload cannot fill the disk. */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024 * 1024

const uploadId = z.string().regex(/^[a-f0-9]{32}$/, 'An upload id is 32 hex characters.')
const column = z.string().min(1).max(256)
const base64 = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Use the base64 value exactly as the Firebase console shows it.')

export const importSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('upload'), uploadId }),
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('project'), project: projectRef }),
])

export const hashSettingsSchema = z.strictObject({
  type: z.enum([...hashTypes, 'auto']),
  shaVersion: z.enum(shaVersions).optional(),
  scrypt: z
    .strictObject({
      salt: z.string().max(128).optional(),
      costCpu: z
        .number()
        .int()
        .min(2)
        .max(1 << 20),
      costMemory: z.number().int().min(1).max(64),
      costParallel: z.number().int().min(1).max(64),
      length: z.number().int().min(16).max(256),
    })
    .optional(),
  firebase: z
    .strictObject({
      signerKey: base64.min(1, 'Paste the base64 signer key.'),
      saltSeparator: base64.min(1, 'Paste the base64 salt separator.'),
      rounds: z.number().int().min(1).max(64),
      memCost: z.number().int().min(1).max(20),
    })
    .optional(),
})

export const importPlanSchema = z.strictObject({
  project: projectRef,
  source: importSourceSchema,
  format: z.enum([...importFormats, 'auto']).default('auto'),
  csv: z
    .strictObject({
      delimiter: z.string().min(1).max(1).optional(),
      header: z.boolean().optional(),
    })
    .optional(),
  mapping: z.partialRecord(z.enum(importFields), column).optional(),
  hash: hashSettingsSchema.optional(),
})

export const importRunSchema = z.strictObject({
  plan: importPlanSchema,
  onExisting: z.enum(onExistingChoices).default('skip'),
  /** Problem classes whose rows are left out; any other problem stops the import before it starts. */
  skip: z.array(z.enum(problemRules)).max(problemRules.length).default([]),
  concurrency: z.number().int().min(1).max(IMPORT_MAX_CONCURRENCY).optional(),
  /** With another project as the source: its stored key typed again, when it is guarded. */
  proof: guardProof,
  /** Its re-validation sends `import.progress` events with this id. */
  progressId: requestId.optional(),
})

export const importChannels = {
  /** Starts an upload into `<dataDir>/imports/`: the Chromium shell cannot hand main a file path. */
  'import.uploadBegin': channel<{ uploadId: string }>()(
    z.strictObject({
      name: z.string().min(1).max(255),
      size: z.number().int().min(0).max(UPLOAD_MAX_BYTES, 'The file is larger than 4 GB.'),
    }),
  ),
  'import.uploadChunk': channel<{ received: number }>()(
    z.strictObject({
      uploadId,
      offset: z.number().int().min(0).max(UPLOAD_MAX_BYTES),
      data: z.string().max(UPLOAD_CHUNK_BASE64, 'A chunk is at most 1 MB.'),
    }),
  ),
  /** Reads Firebase's `hash_config { … }` block as its console shows it, or JSON. */
  'import.parseHashConfig': channel<FirebaseHashConfig>()(
    z.strictObject({ text: z.string().min(1).max(4096, 'A hash config is a few lines.') }),
  ),
  /** Detects the format, the mapping and the hash kind; previews the first rows as they will be created. */
  'import.inspect': channel<ImportInspection>()(z.strictObject({ plan: importPlanSchema })),
  /**
   * Reads the whole file and checks every row (and the project's existing emails); writes nothing. With
   * `progressId`, says how far it has got in `import.progress` events.
   */
  'import.validate': channel<ImportValidation>()(
    z.strictObject({ plan: importPlanSchema, progressId: requestId.optional() }),
  ),
  /**
   * Reads every row again as `import.validate` does and writes each problem, with its row, to a CSV in
   * the data folder: the examples are only the first few, and whoever fixes the file needs them all.
   */
  'import.saveProblems': channel<ImportProblemsFile>()(
    z.strictObject({ plan: importPlanSchema, progressId: requestId.optional() }),
  ),
  /**
   * Stops the read of every row its `progressId` names (`import.validate`, `import.saveProblems`, or
   * `import.createJob`'s check again): no other row is read, it answers `cancelled` and writes
   * nothing (a save leaves no file). `stopped` is false when no such read is under way (it had ended).
   */
  'import.stopReading': channel<{ stopped: boolean }>()(z.strictObject({ progressId: requestId })),
  /** Verifies a known password against one row's hash with the plan's parameters. */
  'import.checkPassword': channel<PasswordCheck>()(
    z.strictObject({
      plan: importPlanSchema,
      row: z.number().int().min(1),
      password: z.string().min(1).max(256),
      /** With another project as the source: its stored key typed again, when it is guarded. */
      proof: guardProof,
    }),
  ),
  /**
   * Re-validates, then plans the import as a job (nothing written yet): `jobs.preview` is its dry run,
   * `jobs.start` runs it, and progress, pause, resume, cancel and the report are the job engine's.
   */
  'import.createJob': channel<JobView>()(importRunSchema),
}

export const importEvents = {
  /** Rows read so far by the validation a `progressId` names; at most ten a second. */
  'import.progress': event<{ progressId: string; rows: number }>(),
}
