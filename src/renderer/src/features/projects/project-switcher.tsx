import { Combobox, InputBase, useCombobox } from '@mantine/core'
import { useProjects, useActiveProject } from './projects-store'
import { ProjectBadge } from './project-badge'

export function ProjectSwitcher() {
  const projects = useProjects((s) => s.projects)
  const setActive = useProjects((s) => s.setActive)
  const active = useActiveProject()
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() })

  return (
    <Combobox
      store={combobox}
      withinPortal
      onOptionSubmit={(ref) => {
        setActive(ref)
        combobox.closeDropdown()
      }}
    >
      <Combobox.Target>
        <InputBase
          component="button"
          type="button"
          pointer
          aria-label="Project"
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          onClick={() => combobox.toggleDropdown()}
          w={280}
        >
          {active ? <ProjectBadge project={active} /> : 'Choose a project'}
        </InputBase>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options>
          {projects.map((p) => (
            <Combobox.Option value={p.id} key={p.id} active={p.id === active?.id}>
              <ProjectBadge project={p} />
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}
