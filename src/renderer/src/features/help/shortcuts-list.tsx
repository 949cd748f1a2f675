import { Kbd, Modal, Table, Text, Title } from '@mantine/core'
import { useOpenedAfterMount } from '../../components/lazy-part'
import { screenNames } from '../../navigation'

/** The modifier a person presses for "mod": ⌘ on a Mac, Ctrl elsewhere. */
const MOD = /Mac/i.test(navigator.userAgent) ? '⌘' : 'Ctrl'

/** In a chord, between two keys pressed one after the other rather than together. */
const THEN = 'then'

/**
 * Every keyboard shortcut in the window, by where it works. Each is registered where it acts (the
 * screen, the dialog); this is their one list for people, so a shortcut added there is added here.
 */
const groups: { where: string; keys: [chord: string[], what: string][] }[] = [
  {
    where: 'Anywhere, in a text box too',
    keys: [
      [[MOD, 'K'], 'Search users in every project'],
      [[MOD, 'Shift', 'O'], 'Overview'],
      [[MOD, 'Shift', 'P'], 'Privacy mode: mask names, emails and phones'],
      [['?'], 'This list (outside a text box)'],
    ],
  },
  {
    where: 'Go to a screen, outside a text box',
    keys: Object.values(screenNames).map(({ label, goKey }) => [['G', THEN, goKey.toUpperCase()], label]),
  },
  {
    where: 'Users',
    keys: [
      [[MOD, 'F'], 'Search this project’s users'],
      [['↑', '↓'], 'Move in the list'],
      [['PgUp', 'PgDn', 'Home', 'End'], 'Move a page, or to either end'],
      [['Enter'], 'Open the user (or double-click)'],
      [['Space'], 'Pick the user for a bulk action (or Ctrl-click)'],
      [['Shift', 'Space'], 'Pick a range (or Shift-click)'],
      [[MOD, 'A'], 'Pick every user loaded'],
      [['Esc'], 'Clear the picks; close the user'],
      [['Enter'], 'In a user’s fields: save the changes'],
      [[MOD, 'Z'], 'Undo the change a notice offers to undo (outside a text box)'],
    ],
  },
  {
    where: 'Jobs and imports',
    keys: [
      [[MOD, 'Enter'], 'Run the previewed job; take the import’s next step'],
      [['Esc'], 'Close the dialog (a job keeps running)'],
    ],
  },
  {
    where: 'Labels and Projects',
    keys: [
      [['/'], 'Filter the labels'],
      [[MOD, 'Shift', 'N'], 'Add a project (on Projects)'],
    ],
  },
]

function Chord({ keys }: { keys: string[] }) {
  return (
    <>
      {keys.map((k, i) => (
        <span key={`${k}-${i}`}>
          {i > 0 && ' '}
          {k === THEN ? (
            <Text span size="xs" c="dimmed">
              then
            </Text>
          ) : (
            <Kbd size="xs">{k}</Kbd>
          )}
        </span>
      ))}
    </>
  )
}

/** The list, in a dialog: its code loads the first time it is asked for. */
export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={useOpenedAfterMount(opened)} onClose={onClose} title="Keyboard shortcuts" size="lg">
      {groups.map((g) => (
        <div key={g.where}>
          <Title order={6} mt="sm" mb={4}>
            {g.where}
          </Title>
          <Table withRowBorders={false} verticalSpacing={4} aria-label={g.where}>
            <Table.Tbody>
              {g.keys.map(([chord, what]) => (
                <Table.Tr key={`${chord.join('+')} ${what}`}>
                  <Table.Td w={170}>
                    <Chord keys={chord} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{what}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ))}
    </Modal>
  )
}
