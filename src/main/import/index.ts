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
  return {
    service,
    handlers: {
      'import.uploadBegin': async ({ name, size }) => ({ uploadId: service.uploads.begin(name, size) }),
      'import.uploadChunk': async ({ uploadId, offset, data }) => ({
        received: service.uploads.chunk(uploadId, offset, data),
      }),
      'import.parseHashConfig': async ({ text }) => parseHashConfig(text),
      'import.inspect': ({ plan }) => service.inspect(plan),
      'import.validate': ({ plan }) => service.validate(plan),
      'import.checkPassword': ({ plan, row, password }) => service.checkPassword(plan, row, password),
      'import.createJob': ({ plan, onExisting, skip, concurrency }) =>
        service.createJob({ plan, onExisting, skip, ...(concurrency ? { concurrency } : {}) }),
    },
  }
}
