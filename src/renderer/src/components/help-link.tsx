import type { ReactNode } from 'react'
import { Anchor, Code, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { HelpTopic } from '@shared/contract/app'
import { call, errorOf } from '../api'

/**
 * A link to one of the help pages the host lists. The window names the topic and the host opens the
 * page in the system browser; where there is none (the browser shell), the address is shown to copy.
 */
export function HelpLink({ topic, children }: { topic: HelpTopic; children: ReactNode }) {
  const open = async () => {
    try {
      const { url, opened } = await call((api) => api.app.openHelp({ topic }))
      if (!opened)
        notifications.show({
          title: 'Open this page in your browser',
          message: (
            <Text size="sm">
              <Code>{url}</Code>
            </Text>
          ),
          autoClose: false,
        })
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not open the help page',
        message: errorOf(err).message,
      })
    }
  }
  return (
    <Anchor component="button" type="button" size="xs" onClick={() => void open()}>
      {children}
    </Anchor>
  )
}
