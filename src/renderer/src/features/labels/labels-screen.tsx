import { Title } from '@mantine/core'

export function LabelsScreen() {
  return <Title order={3}>Labels</Title>
}
