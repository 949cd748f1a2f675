/** One record of a source, before mapping: the row number a person would look for, and its fields. */
export interface SourceRecord {
  row: number
  record: Record<string, unknown>
}
