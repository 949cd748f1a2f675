import { useState, type ReactNode, type Ref } from 'react'
import { Button, Group, Menu, Paper, Text, type ButtonProps } from '@mantine/core'
import {
  IconChevronDown,
  IconLock,
  IconLockOpen,
  IconLogout,
  IconMailCheck,
  IconTags,
  IconTrash,
  IconX,
} from '@tabler/icons-react'
import type { BulkUserChange } from '@shared/models/bulk'
import type { JobView, Selection } from '@shared/models/jobs'
import type { UserdeckApi } from '@shared/contract'
import type { Result } from '@shared/errors'
import { call, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { BusyButton } from '../../components/busy-button'
import { useJobs } from '../jobs/jobs-store'
import { planDelete } from '../jobs/plan-delete'
import { pickedSelection, useUsers } from './users-store'
import { planLabels } from './plan-labels'
import './selection-bar.css'
import { formatCount } from '../../format-count'

type Plan = (api: UserdeckApi, selection: Selection) => Promise<Result<JobView>>

/** The bar's menu of verification changes: each of its jobs is planned under this name. */
const VERIFICATION = 'Verification'
const changes: { change: BulkUserChange; label: string }[] = [
  { change: 'verifyEmail', label: 'Mark email verified' },
  { change: 'unverifyEmail', label: 'Mark email unverified' },
  { change: 'verifyPhone', label: 'Mark phone verified' },
  { change: 'unverifyPhone', label: 'Mark phone unverified' },
]

/**
 * One of the bar's actions. Its label hides where the list is narrow (selection-bar.css), leaving the
 * icon; its accessible name and its tooltip stay the label. It takes a ref and a click from a menu
 * that it opens, as a plain Button would. While a job is planned (`planning` names the action) every
 * action waits, focusable still (BusyButton), so the preview that opens can give focus back.
 */
function Action({
  label,
  icon,
  planning,
  disabled,
  ...button
}: Omit<ButtonProps, 'disabled'> & {
  label: string
  icon: ReactNode
  planning: string | null
  disabled?: boolean
  onClick?: () => void
  ref?: Ref<HTMLButtonElement>
}) {
  return (
    <BusyButton
      size="xs"
      variant="default"
      className="ud-selection-action"
      leftSection={icon}
      aria-label={label}
      busy={planning === label}
      disabled={disabled || planning !== null}
      title={label}
      {...button}
    >
      <span className="ud-selection-label">{label}</span>
    </BusyButton>
  )
}

/** The labels of the users loaded, to suggest: the list has them at hand, where a count would read every user. */
function labelsInList(): string[] {
  return [...new Set(useUsers.getState().users.flatMap((u) => u.labels))].sort()
}

/**
 * "N selected" over the Users list, with every bulk action for the users picked or, with "all M
 * matching", for the list's search and filters as the server resolves them when the job runs. Each
 * action plans a job and opens its preview; nothing is written before Run there. It floats over the
 * foot of the list rather than above it: a bar pushing the rows down as the first one is picked would
 * move the next row to click from under the pointer (the table leaves room for it, SELECTION_BAR_ROOM).
 */
export function SelectionBar({ project, readOnly }: { project: string; readOnly: boolean }) {
  const picked = useUsers((s) => s.picked)
  const allMatching = useUsers((s) => s.allMatching)
  const total = useUsers((s) => s.total)
  const capped = useUsers((s) => s.totalCapped)
  const loaded = useUsers((s) => s.users.length)
  /** The action whose job is being planned; the others wait for it. */
  const [planning, setPlanning] = useState<string | null>(null)
  const [error, setError] = useState<ReturnType<typeof errorOf> | null>(null)

  if (picked.size === 0 && !allMatching) return null
  const totalText = `${formatCount(total)}${capped ? '+' : ''}`
  const count = allMatching ? `All ${totalText}` : formatCount(picked.size)

  /** Plans the job and opens its preview; a null plan is one the person decided against. */
  const open = async (action: string, planned: () => Promise<JobView | null>) => {
    if (planning !== null) return
    setPlanning(action)
    setError(null)
    try {
      const job = await planned()
      if (!job) return
      useJobs.getState().upsert(job)
      useJobs.getState().show(job.id)
    } catch (err) {
      setError(errorOf(err))
    } finally {
      setPlanning(null)
    }
  }
  const plan = (request: Plan) => () => call((a) => request(a, pickedSelection()))
  const change = (c: BulkUserChange) =>
    plan((a, selection) => a.users.bulkChange({ project, selection, change: c }))
  /** An action's label, what it plans, and its state: the label names it while it plans. */
  const action = (label: string, planned: () => Promise<JobView | null>) => ({
    label,
    planning,
    disabled: readOnly,
    onClick: () => void open(label, planned),
  })

  return (
    <Paper
      withBorder
      shadow="md"
      p="xs"
      radius="md"
      role="region"
      aria-label="Selection"
      data-testid="selection-bar"
      className="ud-selection-bar"
    >
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm" data-testid="selection-count">
            {count} selected
          </Text>
          {!allMatching && (total > loaded || capped || picked.size === loaded) && (
            <Button
              size="compact-sm"
              variant="subtle"
              aria-label={`Select all ${totalText} matching these filters`}
              onClick={() => useUsers.getState().pickAllMatching()}
            >
              Select all {totalText}
              <span className="ud-selection-long">&nbsp;matching these filters</span>
            </Button>
          )}
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} />}
            onClick={() => useUsers.getState().clearPicks()}
            title="Esc"
          >
            Clear
          </Button>
        </Group>
        <Group gap="xs">
          <Action
            icon={<IconTags size={14} />}
            {...action('Labels…', () => planLabels(project, pickedSelection(), count, labelsInList()))}
          />
          <Action icon={<IconLock size={14} />} {...action('Block', change('block'))} />
          <Action icon={<IconLockOpen size={14} />} {...action('Unblock', change('unblock'))} />
          {/* The bar sits at the foot of the list: the menu opens upwards. */}
          <Menu position="top-end">
            <Menu.Target>
              <Action
                label={VERIFICATION}
                icon={<IconMailCheck size={14} />}
                rightSection={<IconChevronDown size={14} />}
                disabled={readOnly}
                planning={planning}
              />
            </Menu.Target>
            <Menu.Dropdown>
              {changes.map((c) => (
                <Menu.Item
                  key={c.change}
                  disabled={planning !== null}
                  onClick={() => void open(VERIFICATION, change(c.change))}
                >
                  {c.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Action
            icon={<IconLogout size={14} />}
            {...action(
              'End sessions',
              plan((a, selection) => a.sessions.bulkKill({ project, selection })),
            )}
          />
          <Action
            icon={<IconTrash size={14} />}
            variant="filled"
            color="red"
            {...action('Delete…', () => planDelete(project, pickedSelection()))}
          />
        </Group>
      </Group>
      {error && <ErrorAlert error={error} title="Could not plan the job" />}
    </Paper>
  )
}
