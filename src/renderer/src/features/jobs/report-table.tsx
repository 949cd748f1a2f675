import { ScrollArea, Table, Text } from '@mantine/core'
import type { ReportRow } from '@shared/models/jobs'
import { formatCount } from '../../format-count'

/** How many report rows the window lists; the saved report has them all. */
const SHOWN_ROWS = 500

/**
 * The rows of a job's report that need a look (skipped, failed, pending), with why; each outcome in
 * the saved report's own word, as the sentences around the table name them.
 */
export function ReportTable({ rows, what, label }: { rows: ReportRow[]; what: string; label: string }) {
  return (
    <ScrollArea.Autosize mah={360} type="auto">
      <Table striped fz="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{what}</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.slice(0, SHOWN_ROWS).map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td data-private>{r.label}</Table.Td>
              <Table.Td>{r.outcome}</Table.Td>
              <Table.Td>{r.reason ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length > SHOWN_ROWS && (
        <Text size="xs" c="dimmed" p="xs">
          The first {SHOWN_ROWS} of {formatCount(rows.length)}; save the report for every row.
        </Text>
      )}
    </ScrollArea.Autosize>
  )
}
