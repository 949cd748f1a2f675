import { Title } from '@mantine/core'

export function ProjectsScreen() {
  return <Title order={3}>Projects</Title>
}
