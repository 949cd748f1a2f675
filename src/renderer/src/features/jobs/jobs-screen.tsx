import { Title } from '@mantine/core'

export function JobsScreen() {
  return <Title order={3}>Jobs</Title>
}
