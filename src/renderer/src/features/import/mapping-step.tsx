import { useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react'
import {
  hashTypeLabels,
  hashTypes,
  importFields,
  importPasswordFields,
  importFormatLabels,
  knownFormatFields,
  shaVersions,
  withoutPasswordsWords,
  type HashSettings,
  type ImportField,
  type ShaVersion,
} from '@shared/models/import'
import { HashConfigField } from './hash-config-field'
import { hashConfigRefused, useImport } from './import-store'
import { RowProgressLine } from './row-progress'
import { BusyButton } from '../../components/busy-button'

const fieldLabels: Record<ImportField, string> = {
  id: 'User id',
  email: 'Email',
  phone: 'Phone',
  name: 'Name',
  password: 'Password or hash',
  hashType: 'Hash type (per row)',
  salt: 'Salt (per row)',
  labels: 'Labels',
  prefs: 'Prefs (JSON)',
  emailVerification: 'Email verified',
  phoneVerification: 'Phone verified',
  status: 'Active',
}

const hashLabels: Record<string, string> = { auto: 'Detect per row', ...hashTypeLabels }

export function MappingStep() {
  const s = useImport()
  const inspection = s.inspection!
  const hash: HashSettings = s.hash ?? { type: 'auto' }
  // An export Userdeck knows maps itself; a plain CSV or JSON file is mapped column by column here.
  const knownFields = knownFormatFields[inspection.format]
  const columns = inspection.columns.map((c) => ({ value: c, label: c }))
  const setHash = (patch: Partial<HashSettings>) => s.set({ hash: { ...hash, ...patch } })
  const csv = inspection.csv
  const withoutPasswords = s.mapping !== null && s.mapping.password === undefined

  return (
    <Stack gap="md">
      <Alert variant="light" color="blue" title={`Detected: ${importFormatLabels[inspection.format]}`}>
        {csv && (
          <Text size="sm">
            Delimiter “{csv.delimiter === '\t' ? 'tab' : csv.delimiter}”,{' '}
            {csv.header ? 'header row' : 'no header row'}, {csv.encoding}.
          </Text>
        )}
        {inspection.notes.map((n) => (
          <Text size="sm" key={n}>
            {n}
          </Text>
        ))}
      </Alert>

      {!knownFields ? (
        <Card withBorder>
          <Title order={5} mb="xs">
            Columns
          </Title>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {importFields.map((field) => (
              <Select
                key={field}
                label={fieldLabels[field]}
                placeholder="not imported"
                clearable
                data={columns}
                value={s.mapping?.[field] ?? null}
                onChange={(v) => {
                  const mapping = { ...s.mapping }
                  if (v) mapping[field] = v
                  else delete mapping[field]
                  s.set({ mapping })
                }}
              />
            ))}
          </SimpleGrid>
        </Card>
      ) : (
        <Text size="sm" c="dimmed">
          {importFormatLabels[inspection.format]} fields are mapped by Userdeck: {knownFields}.
        </Text>
      )}

      <Card withBorder>
        <Title order={5} mb="xs">
          Passwords
        </Title>
        {knownFields && (
          // An export Userdeck maps has no password column to unmap: this is that choice, for hashes
          // Appwrite cannot verify (a Firebase project's own rounds) or a file whose hashes are broken.
          <Checkbox
            mb="sm"
            label={withoutPasswordsWords.label}
            description={withoutPasswordsWords.description}
            checked={withoutPasswords}
            onChange={(e) => {
              const mapping = { ...(s.mapping ?? inspection.mapping) }
              // A known format's records carry each field under its own name (its mapping is the identity).
              for (const field of importPasswordFields)
                if (e.currentTarget.checked) delete mapping[field]
                else mapping[field] = field
              s.set({ mapping })
            }}
          />
        )}
        {inspection.format === 'firebase' && !withoutPasswords && (
          <Stack gap="xs" mb="sm">
            <HashConfigField />
          </Stack>
        )}
        <Group align="flex-end">
          <Select
            label="Hash type"
            w={280}
            allowDeselect={false}
            value={hash.type}
            onChange={(v) => setHash({ type: (v ?? 'auto') as HashSettings['type'] })}
            data={['auto', ...hashTypes].map((t) => ({ value: t, label: hashLabels[t] ?? t }))}
          />
          {hash.type === 'sha' && (
            <Select
              label="SHA version"
              w={160}
              value={hash.shaVersion ?? 'sha256'}
              onChange={(v) => setHash({ shaVersion: (v ?? 'sha256') as ShaVersion })}
              data={[...shaVersions]}
            />
          )}
        </Group>
        {hash.type === 'scrypt' && (
          <Group mt="sm">
            {(['costCpu', 'costMemory', 'costParallel', 'length'] as const).map((k) => (
              <NumberInput
                key={k}
                label={k}
                w={130}
                value={hash.scrypt?.[k] ?? { costCpu: 16384, costMemory: 8, costParallel: 1, length: 64 }[k]}
                onChange={(v) =>
                  setHash({
                    scrypt: {
                      costCpu: 16384,
                      costMemory: 8,
                      costParallel: 1,
                      length: 64,
                      ...hash.scrypt,
                      [k]: Number(v),
                    },
                  })
                }
              />
            ))}
          </Group>
        )}
        <Text size="sm" mt="sm" fw={500}>
          Found in the first rows — confirm before validating:
        </Text>
        {inspection.detectedHashes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No passwords: users will be created without one and can set it by recovery.
          </Text>
        ) : (
          <Group gap="xs" mt={4}>
            {inspection.detectedHashes.map((h) => (
              <Badge
                key={`${h.type}${h.shaVersion ?? ''}`}
                color={h.type === 'unknown' ? 'red' : 'teal'}
                variant="light"
                title={h.example}
              >
                {hashLabels[h.type] ?? h.type}
                {h.shaVersion ? ` (${h.shaVersion})` : ''}: {h.rows}
              </Badge>
            ))}
          </Group>
        )}
        <PasswordCheckForm firstRow={inspection.preview[0]?.row ?? 1} />
      </Card>

      <Card withBorder padding={0}>
        <Text fw={600} p="sm">
          The first rows, as they will be created
        </Text>
        {/* A native scrollbar, always shown: a narrow window cuts the table at its right edge, and the
            hover-only bar gave no sign that more columns lie past it. */}
        <Table.ScrollContainer minWidth={900} type="native">
          <Table striped aria-label="Preview of the first rows">
            <Table.Thead>
              <Table.Tr>
                {[
                  'Row',
                  'User id',
                  'Email',
                  'Phone',
                  'Name',
                  'Password',
                  'Labels',
                  'Prefs',
                  'Verified',
                  'Active',
                ].map((h) => (
                  <Table.Th key={h}>{h}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inspection.preview.map((u) => (
                <Table.Tr key={u.row}>
                  <Table.Td>{u.row}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {u.id}
                    </Text>
                  </Table.Td>
                  <Table.Td data-private>{u.email ?? '—'}</Table.Td>
                  <Table.Td data-private>{u.phone ?? '—'}</Table.Td>
                  <Table.Td data-private>{u.name || '—'}</Table.Td>
                  <Table.Td>
                    {u.password ? (
                      // The hash's name in words over its masked value: in a badge beside it, a name as
                      // long as "Scrypt modified (Firebase)" was cut short and pushed the value into Labels.
                      <Stack gap={0} miw={150}>
                        <Text size="xs">{hashTypeLabels[u.password.type]}</Text>
                        <Text size="xs" ff="monospace" c="dimmed">
                          {u.password.masked}
                        </Text>
                      </Stack>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{u.labels.join(', ') || '—'}</Table.Td>
                  {/* The keys only: the values are the person's own data, and the row would not fit them. */}
                  <Table.Td data-private>{Object.keys(u.prefs).join(', ') || '—'}</Table.Td>
                  <Table.Td>{u.emailVerification ? 'yes' : 'no'}</Table.Td>
                  <Table.Td>{u.status ? 'yes' : 'blocked'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Group>
        <Button variant="default" onClick={() => s.go('source')}>
          Back
        </Button>
        <BusyButton variant="light" onClick={() => void s.inspect()} busy={s.busy === 'Reading the file'}>
          Preview again with these choices
        </BusyButton>
        <BusyButton
          onClick={() => void s.validate()}
          busy={s.busy === 'Checking every row'}
          disabled={hashConfigRefused(s)}
        >
          Validate every row
        </BusyButton>
      </Group>
      <RowProgressLine phases={['check', 'recheck', 'dry-run']} />
    </Stack>
  )
}

function PasswordCheckForm({ firstRow }: { firstRow: number }) {
  const s = useImport()
  const [row, setRow] = useState<number>(firstRow)
  const [password, setPassword] = useState('')
  const check = s.passwordCheck
  return (
    <Stack gap="xs" mt="md">
      <Text size="sm" fw={500}>
        Know one person’s password? Check it against their row’s hash before importing.
      </Text>
      <Group align="flex-end">
        <NumberInput label="Row" w={100} min={1} value={row} onChange={(v) => setRow(Number(v) || 1)} />
        <PasswordInput
          label="Their password"
          w={260}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          // Enter alone checks it; Ctrl/⌘-Enter is the step's, and goes on to validation.
          onKeyDown={(e) =>
            e.key === 'Enter' && !e.ctrlKey && !e.metaKey && password && void s.checkPassword(row, password)
          }
        />
        <BusyButton
          variant="light"
          disabled={!password}
          busy={s.busy === 'Checking the password'}
          onClick={() => void s.checkPassword(row, password)}
        >
          Check password
        </BusyButton>
      </Group>
      {check && (
        <Alert
          color={check.ok ? 'green' : 'red'}
          variant="light"
          icon={check.ok ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
          role="status"
        >
          {check.message}
        </Alert>
      )}
    </Stack>
  )
}
