import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { IconCircleCheck, IconDownload } from '@tabler/icons-react'
import { IMPORT_MAX_CONCURRENCY, problemRuleLabels, type OnExisting } from '@shared/models/import'
import { useImport, type Decision } from './import-store'
import { RowProgressLine } from './row-progress'
import { BusyButton } from '../../components/busy-button'
import { formatCount } from '../../format-count'

export function ValidationStep() {
  const s = useImport()
  const v = s.validation!
  const stopping = v.problems.filter((p) => s.decisions[p.rule] !== 'skip')
  const skipped = v.problems.filter((p) => s.decisions[p.rule] === 'skip').reduce((n, p) => n + p.count, 0)
  // One choice for every class at once, where a file with many kinds of problem took a click each.
  const skipAll = () =>
    s.set({ decisions: Object.fromEntries(v.problems.map((p) => [p.rule, 'skip' as Decision])) })

  return (
    <Stack gap="md">
      <Group gap="xl">
        <Stat label="Rows" value={v.rows} />
        <Stat label="Valid" value={v.valid} colour="green" />
        <Stat label="With problems" value={v.rows - v.valid} colour={v.rows > v.valid ? 'red' : undefined} />
        <Stat label="Already in the project" value={v.existing} />
      </Group>
      {v.problems.length === 0 ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />}>
          Every row can be imported as it is.
        </Alert>
      ) : (
        // The button's progress and its Stop go just under it, where the person who pressed it looks.
        <Stack gap={6} align="flex-start">
          <Text size="sm" c="dimmed">
            Each kind of problem shows its first 5 rows; fixing the file takes them all.
          </Text>
          <BusyButton
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} />}
            onClick={() => void s.saveProblems()}
            busy={s.busy === 'Saving the rows with a problem'}
          >
            Save every row with a problem (CSV)
          </BusyButton>
          <RowProgressLine phases={['problems']} />
        </Stack>
      )}
      {v.problems.map((p) => (
        <Card withBorder key={p.rule} padding="sm">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>
              {problemRuleLabels[p.rule]} — {formatCount(p.count)} {p.count === 1 ? 'row' : 'rows'}
            </Text>
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                aria-label={`What to do with: ${problemRuleLabels[p.rule]}`}
                value={s.decisions[p.rule] ?? 'stop'}
                onChange={(d) => s.set({ decisions: { ...s.decisions, [p.rule]: d as Decision } })}
                data={[
                  { value: 'stop', label: 'Stop' },
                  { value: 'skip', label: 'Skip these rows' },
                ]}
              />
              <Button size="xs" variant="subtle" onClick={() => s.go('mapping')}>
                Fix the mapping
              </Button>
            </Group>
          </Group>
          <Table withRowBorders={false} verticalSpacing={2} aria-label={problemRuleLabels[p.rule]}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Row</Table.Th>
                <Table.Th w={110}>Field</Table.Th>
                <Table.Th>Rule broken</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.examples.slice(0, 5).map((e) => (
                <Table.Tr key={`${e.row}-${e.field}`}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>{e.field}</Table.Td>
                  <Table.Td data-private>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {p.count > 5 && (
            <Text size="xs" c="dimmed">
              … and {formatCount(p.count - 5)} more
            </Text>
          )}
        </Card>
      ))}
      <Card withBorder padding="sm">
        <Title order={6} mb={4}>
          Users already in the project (same id)
        </Title>
        <SegmentedControl
          aria-label="Users already in the project"
          value={s.onExisting}
          onChange={(v) => s.set({ onExisting: v as OnExisting })}
          data={[
            { value: 'skip', label: 'Skip them' },
            { value: 'update', label: 'Update name, labels, prefs, verification' },
            { value: 'fail', label: 'Fail those rows' },
          ]}
        />
      </Card>
      <Card withBorder padding="sm">
        <NumberInput
          label="Calls at once, at most"
          description={`Empty: Userdeck starts with a few and widens while the server keeps up, to ${IMPORT_MAX_CONCURRENCY}. Lower it for a small self-hosted server.`}
          placeholder={`Automatic (up to ${IMPORT_MAX_CONCURRENCY})`}
          min={1}
          max={IMPORT_MAX_CONCURRENCY}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          value={s.concurrency ?? ''}
          onChange={(v) => s.set({ concurrency: typeof v === 'number' && v >= 1 ? v : null })}
          maw={420}
        />
      </Card>
      {stopping.length > 0 && (
        <Group gap="sm">
          <Text size="sm" c="red">
            Choose “Skip these rows” or fix the mapping for:{' '}
            {stopping.map((p) => problemRuleLabels[p.rule]).join(', ')}.
          </Text>
          {stopping.length > 1 && (
            <Button size="xs" variant="light" onClick={skipAll}>
              Skip every row with a problem
            </Button>
          )}
        </Group>
      )}
      <Group>
        <Button variant="default" onClick={() => s.go('mapping')}>
          Back
        </Button>
        <BusyButton
          onClick={() => void s.dryRun()}
          disabled={stopping.length > 0}
          busy={s.busy === 'Planning the dry run'}
        >
          Dry run{skipped > 0 ? ` (leaving out ${formatCount(skipped)} rows)` : ''}
        </BusyButton>
      </Group>
      <RowProgressLine phases={['check', 'recheck', 'dry-run']} />
    </Stack>
  )
}

function Stat({ label, value, colour }: { label: string; value: number; colour?: string | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={colour}>
        {formatCount(value)}
      </Text>
    </div>
  )
}
