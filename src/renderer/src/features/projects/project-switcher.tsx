import { useEffect } from 'react'
import { Box, Combobox, Group, InputBase, Text, Tooltip, useCombobox } from '@mantine/core'
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
  const { dropdownOpened, selectActiveOption } = combobox
  // The list is there only once open (Mantine's own marking, at the opening key, finds none): mark
  // the current project then, so Down and Up go on from it.
  useEffect(() => {
    if (dropdownOpened) selectActiveOption()
  }, [dropdownOpened, selectActiveOption])

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
      {/* The tooltip hangs on a box of its own around the target. Inside Combobox.Target it took the
          target's keys and ARIA onto its floating box; as the target's direct parent it took the
          target's ref, so the arrows found no list. Either way the keyboard could not choose.
          A combobox to a screen reader ("collapsed", "expanded"); open, its keys choose a project, so
          the window's single-key shortcuts wait (typingInto). */}
      <Tooltip
        label={active ? `${active.endpoint} · ${serverText(active)}` : 'Choose a project'}
        openDelay={400}
        position="bottom-start"
        // Open, the list is in its place: the tooltip would sit over the first project.
        disabled={combobox.dropdownOpened}
      >
        <Box display="inline-block">
          <Combobox.Target
            targetType="button"
            // Mantine's withExpandedAttribute reads the list's id, not there on the first open: it
            // said "collapsed" with the list open. Its props type has neither; they reach the button.
            {...{ role: 'combobox', 'aria-expanded': combobox.dropdownOpened }}
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
          </Combobox.Target>
        </Box>
      </Tooltip>
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
