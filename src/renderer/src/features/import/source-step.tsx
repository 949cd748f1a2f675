import { Card, Group, Progress, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { Dropzone } from '@mantine/dropzone'
import { IconCheck, IconFileImport, IconUpload, IconX } from '@tabler/icons-react'
import { importFormatLabels, importFormats, type ImportFormat } from '@shared/models/import'
import { useProjects } from '../projects/projects-store'
import { HashConfigField } from './hash-config-field'
import { useImport } from './import-store'
import { BusyButton } from '../../components/busy-button'

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function SourceStep() {
  const s = useImport()
  const projects = useProjects((p) => p.projects).filter((p) => p.id !== s.project)
  const uploading = s.busy === 'Uploading'
  const ready = s.sourceKind === 'project' ? s.sourceProject !== null : s.uploadId !== null
  const firebase = s.format === 'firebase' || s.format === 'auto'

  return (
    <Stack gap="md">
      <SegmentedControl
        style={{ alignSelf: 'flex-start' }}
        value={s.sourceKind}
        onChange={(v) => s.set({ sourceKind: v as 'file' | 'project' })}
        data={[
          { value: 'file', label: 'A file (CSV, JSON, exports)' },
          { value: 'project', label: 'Another Appwrite project' },
        ]}
      />
      {s.sourceKind === 'file' ? (
        <>
          <Dropzone
            onDrop={(files) => files[0] && void s.chooseFile(files[0])}
            multiple={false}
            loading={uploading}
            aria-label="Drop the export file here, or click to choose it"
          >
            <Group justify="center" gap="xl" mih={140} style={{ pointerEvents: 'none' }}>
              <Dropzone.Accept>
                <IconUpload size={48} stroke={1.5} />
              </Dropzone.Accept>
              <Dropzone.Reject>
                <IconX size={48} stroke={1.5} />
              </Dropzone.Reject>
              <Dropzone.Idle>
                <IconFileImport size={48} stroke={1.5} />
              </Dropzone.Idle>
              <div>
                <Text size="lg">Drop the export here, or click to choose it</Text>
                <Text size="sm" c="dimmed">
                  CSV (any delimiter, Excel too), JSON or JSON Lines, Firebase, Auth0 or Supabase exports
                </Text>
              </div>
            </Group>
          </Dropzone>
          {s.file && (
            <Card withBorder padding="sm">
              <Group justify="space-between">
                <Group gap="xs">
                  {s.uploadId && <IconCheck size={18} color="var(--mantine-color-green-6)" />}
                  <Text fw={500}>{s.file.name}</Text>
                  <Text c="dimmed" size="sm">
                    {size(s.file.size)}
                  </Text>
                </Group>
                {!s.uploadId && <Text size="sm">{size(s.uploaded)} sent</Text>}
              </Group>
              {!s.uploadId && (
                <Progress mt="xs" value={s.file.size ? (s.uploaded / s.file.size) * 100 : 0} animated />
              )}
            </Card>
          )}
          <Select
            label="Format"
            w={320}
            value={s.format}
            onChange={(v) =>
              s.set({ format: (v ?? 'auto') as ImportFormat | 'auto', inspection: null, mapping: null })
            }
            data={[
              { value: 'auto', label: 'Detect from the file' },
              ...importFormats
                .filter((f) => f !== 'appwrite')
                .map((f) => ({ value: f, label: importFormatLabels[f] })),
            ]}
            allowDeselect={false}
          />
          {firebase && <HashConfigField />}
        </>
      ) : projects.length === 0 ? (
        <Text c="dimmed">
          Add another project first: its users, hashes, labels and prefs can then be copied here.
        </Text>
      ) : (
        <Select
          label="Copy the users of"
          description="Passwords survive: users are read with their hashes and hash options."
          w={420}
          value={s.sourceProject}
          onChange={(v) => s.set({ sourceProject: v })}
          data={projects.map((p) => ({ value: p.id, label: `${p.name} (${p.tag})` }))}
        />
      )}
      <Group>
        <BusyButton onClick={() => void s.inspect()} disabled={!ready} busy={s.busy === 'Reading the file'}>
          Detect format and mapping
        </BusyButton>
      </Group>
    </Stack>
  )
}
