import { Combobox, Group, InputBase, Text, Tooltip, useCombobox } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useNavigation } from '../../navigation'
import { useProjects, useActiveProject } from './projects-store'
import { ProjectBadge } from './project-badge'
import { ReachDot } from './reach-indicator'
import { serverText } from './server-text'

const ADD = '__add__'

export function ProjectSwitcher() {
  const projects = useProjects((s) => s.projects)
  const setActive = useProjects((s) => s.setActive)
  const openEditor = useProjects((s) => s.openEditor)
  const go = useNavigation((s) => s.go)
  const active = useActiveProject()
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() })

  return (
    <Combobox
      store={combobox}
      withinPortal
      onOptionSubmit={(ref) => {
        combobox.closeDropdown()
        if (ref === ADD) {
          go('projects')
          openEditor({ mode: 'add' })
        } else {
          setActive(ref)
        }
      }}
    >
      <Combobox.Target>
        <Tooltip
          label={active ? `${active.endpoint} · ${serverText(active)}` : 'Choose a project'}
          openDelay={400}
          position="bottom-start"
          // Open, the list is in its place: the tooltip would sit over the first project.
          disabled={combobox.dropdownOpened}
        >
          <InputBase
            component="button"
            type="button"
            pointer
            aria-label="Project"
            rightSection={<Combobox.Chevron />}
            rightSectionPointerEvents="none"
            onClick={() => combobox.toggleDropdown()}
            w={300}
          >
            {active ? (
              <Group gap={8} wrap="nowrap">
                <ReachDot project={active} />
                <ProjectBadge project={active} />
              </Group>
            ) : (
              'Choose a project'
            )}
          </InputBase>
        </Tooltip>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options>
          {projects.map((p) => (
            <Combobox.Option value={p.id} key={p.id} active={p.id === active?.id} aria-label={p.name}>
              <Tooltip label={serverText(p)} position="right" openDelay={300}>
                <Group gap={8} wrap="nowrap">
                  <ReachDot project={p} />
                  <ProjectBadge project={p} />
                </Group>
              </Tooltip>
            </Combobox.Option>
          ))}
          <Combobox.Option value={ADD} key={ADD}>
            <Group gap={6} wrap="nowrap">
              <IconPlus size={14} />
              <Text size="sm">Add project…</Text>
            </Group>
          </Combobox.Option>
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}
