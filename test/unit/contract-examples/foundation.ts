import type { Input } from '@shared/contract'

export const foundationExamples: { 'app.info': Input<'app.info'> } = { 'app.info': {} }
