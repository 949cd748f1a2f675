import { Title } from '@mantine/core'

export function ImportScreen() {
  return <Title order={3}>Import</Title>
}
