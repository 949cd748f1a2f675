import { useEffect, useState } from 'react'
import { Alert, Stack, Text } from '@mantine/core'
import { IconFileBroken } from '@tabler/icons-react'
import type { KeptAsideFile } from '@shared/models'
import { api } from '../api'
import { startInfo } from '../start-info'

/** `files` with those of `more` it does not name yet: a file found as the window asked may come both ways. */
function joined(files: KeptAsideFile[], more: KeptAsideFile[]): KeptAsideFile[] {
  const fresh = more.filter((m) => !files.some((f) => f.keptAs === m.keptAs))
  return fresh.length === 0 ? files : [...files, ...fresh]
}

/**
 * The data files the host found damaged and set aside, and where each is: those found as it started,
 * then any found while the window is open (a job's record, read at every list). Without it a list of
 * projects cut short by a disk would just look empty, with no reason and nothing to recover from.
 */
export function KeptAsideBanner() {
  const [files, setFiles] = useState<KeptAsideFile[]>([])
  useEffect(() => {
    // Followed before asking, so a file set aside in between is not missed.
    const stop = api().on('app.keptAside', (file) => setFiles((now) => joined(now, [file])))
    // Nothing to say if the host cannot be asked: the window's own errors say that.
    startInfo().then(
      (info) => setFiles((now) => joined(info.keptAside, now)),
      () => undefined,
    )
    return stop
  }, [])
  if (files.length === 0) return null
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconFileBroken size={18} />}
      title={
        files.length === 1
          ? 'A damaged data file was set aside'
          : `${files.length} damaged data files were set aside`
      }
      role="alert"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setFiles([])}
      mb="sm"
    >
      <Stack gap={4}>
        {files.map(({ held, keptAs }) => (
          <Text size="sm" key={keptAs}>
            {held} could not be read, so Userdeck goes on without it. The file is kept as it was, as{' '}
            <Text span ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
              {keptAs}
            </Text>
            , to recover from.
          </Text>
        ))}
      </Stack>
    </Alert>
  )
}
