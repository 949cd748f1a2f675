import type { Input } from '@shared/contract'
import type { importChannels } from '@shared/contract/import'

const plan = {
  project: 'demo',
  source: { kind: 'upload', uploadId: '0123456789abcdef0123456789abcdef' },
  format: 'auto',
} as const

export const importExamples: { [C in keyof typeof importChannels]: Input<C> } = {
  'import.uploadBegin': { name: 'users.csv', size: 1024 },
  'import.uploadChunk': { uploadId: '0123456789abcdef0123456789abcdef', offset: 0, data: 'aWQsZW1haWwK' },
  'import.parseHashConfig': { text: 'hash_config { algorithm: SCRYPT, rounds: 8, mem_cost: 14 }' },
  'import.inspect': { plan },
  'import.validate': { plan },
  'import.saveProblems': { plan },
  'import.stopReading': { progressId: 'save-1' },
  'import.checkPassword': { plan, row: 2, password: 'correct horse' },
  'import.createJob': { plan, onExisting: 'skip', skip: ['email_duplicate'] },
}
