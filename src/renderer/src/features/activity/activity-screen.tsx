import { Title } from '@mantine/core'

export function ActivityScreen() {
  return <Title order={3}>Activity</Title>
}
