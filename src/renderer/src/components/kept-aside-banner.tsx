import { useEffect, useState } from 'react'
import { Alert, Stack, Text } from '@mantine/core'
import { IconFileBroken } from '@tabler/icons-react'
import type { KeptAsideFile } from '@shared/models'
import { startInfo } from '../start-info'

/**
 * The data files the host found damaged as it started and set aside, and where each is. Without it a
 * list of projects cut short by a disk would just look empty, with no reason and nothing to recover from.
 */
export function KeptAsideBanner() {
  const [files, setFiles] = useState<KeptAsideFile[]>([])
  useEffect(() => {
    // Nothing to say if the host cannot be asked: the window's own errors say that.
    startInfo().then(
      (info) => setFiles(info.keptAside),
      () => undefined,
    )
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
            {held} could not be read, so Userdeck started without it. The file is kept as it was, as{' '}
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
