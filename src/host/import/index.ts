import { fail } from '@shared/errors'
import type { importChannels } from '@shared/contract/import'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { parseHashConfig } from './hash-config'
import { ImportService } from './import-service'

export function createImportFeature(
  core: Core,
  engine: JobEngine,
): Feature<typeof importChannels> & { service: ImportService } {
  const service = new ImportService(core, engine)
  // A path names any file this OS user can read. The window uploads the file it was given instead,
  // so a compromised renderer cannot make main read (and preview) files it chose.
  const fromCaller = <T extends { plan: { source: { kind: string } } }>(input: T): T => {
    if (input.plan.source.kind === 'file' && core.shell !== 'cli') {
      fail(
        'invalid_input',
        'Local file paths are accepted from the command line only; drop the file into the window.',
        {
          field: 'plan.source',
        },
      )
    }
    return input
  }
  return {
    service,
    handlers: {
      'import.uploadBegin': async ({ name, size }) => ({ uploadId: service.uploads.begin(name, size) }),
      'import.uploadChunk': async ({ uploadId, offset, data }) => ({
        received: service.uploads.chunk(uploadId, offset, data),
      }),
      'import.parseHashConfig': async ({ text }) => parseHashConfig(text),
      'import.inspect': (input) => service.inspect(fromCaller(input).plan),
      'import.validate': (input) => {
        const { plan, progressId } = fromCaller(input)
        return service.validate(plan, progressId)
      },
      'import.saveProblems': (input) => {
        const { plan, progressId } = fromCaller(input)
        return service.saveProblems(plan, progressId)
      },
      'import.stopReading': async ({ progressId }) => service.stopReading(progressId),
      'import.checkPassword': (input) => {
        const { plan, row, password, proof } = fromCaller(input)
        return service.checkPassword(plan, row, password, proof)
      },
      'import.createJob': (input) => {
        const { plan, onExisting, skip, concurrency, proof, progressId } = fromCaller(input)
        return service.createJob({
          plan,
          onExisting,
          skip,
          ...(concurrency ? { concurrency } : {}),
          ...(proof ? { proof } : {}),
          ...(progressId ? { progressId } : {}),
        })
      },
    },
  }
}
