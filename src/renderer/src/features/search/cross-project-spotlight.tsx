import '@mantine/spotlight/styles.css'
import { useEffect, useState } from 'react'
import { Badge, Group, Loader, Text, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Spotlight, createSpotlight } from '@mantine/spotlight'
import { IconAlertTriangle, IconClockExclamation, IconList, IconSearch } from '@tabler/icons-react'
import type { CrossProjectHits } from '@shared/models/users'
import { TOTAL_CAP } from '@shared/appwrite-limits'
import { useProjects } from '../projects/projects-store'
import { ProjectBadge } from '../projects/project-badge'
import { useNavigation } from '../../navigation'
import { useUsers } from '../users/users-store'
import { showUser } from '../users/show-user'
import { followSearchHits, useSearch } from './search-store'
import { takeHeldKeys } from './held-keys'
import { SEARCH_BOX_ID, focusOpener } from './spotlight-focus'
import { personOf } from '@shared/user-fields'
import { formatCount } from '../../format-count'

/** The spotlight's own store, so search-everywhere can tell whether it is open. */
export const [spotlightStore, spotlight] = createSpotlight()

const NO_HITS: Record<string, CrossProjectHits> = {}

/** How many match, as Appwrite counts them: at most 5000, so "5,000+" when it stopped there. */
const matches = (hits: CrossProjectHits) => `${formatCount(hits.total)}${hits.total >= TOTAL_CAP ? '+' : ''}`

function ProjectState({ hits }: { hits: CrossProjectHits | undefined }) {
  if (!hits)
    return (
      <Group gap={4}>
        <Loader size={12} />
        <Text size="xs" c="dimmed">
          searching…
        </Text>
      </Group>
    )
  if (hits.state === 'timeout')
    return (
      <Group gap={4}>
        <IconClockExclamation size={14} color="var(--mantine-color-orange-6)" />
        <Text size="xs" c="orange">
          slow: no answer in {(hits.ms / 1000).toFixed(1)} s
        </Text>
      </Group>
    )
  if (hits.state === 'error')
    return (
      <Tooltip label={hits.error?.message ?? 'unavailable'} multiline w={360}>
        <Group gap={4} wrap="nowrap">
          <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
          <Text size="xs" c="red" truncate maw={360}>
            {hits.error?.message ?? 'unavailable'}
          </Text>
        </Group>
      </Tooltip>
    )
  return (
    <Text size="xs" c="dimmed">
      {hits.total === 0
        ? 'no match'
        : `${matches(hits)}${hits.total > hits.users.length ? ` (showing ${hits.users.length})` : ''}`}{' '}
      · {hits.ms} ms
    </Text>
  )
}

/**
 * Ctrl/⌘-K (see search-everywhere): one box that searches the users of every project at once. Each project's hits appear as
 * soon as that project answers (main pushes them as events), so a slow or unreachable project shows
 * as such without holding back the rest.
 */
export function CrossProjectSpotlight() {
  const projects = useProjects((s) => s.projects)
  const setActive = useProjects((s) => s.setActive)
  const go = useNavigation((s) => s.go)
  const [query, setQuery] = useState('')
  const typed = query.trim()
  const [debounced] = useDebouncedValue(typed, 200)
  const { query: answered, hits: answers, failure, search } = useSearch()
  // The store's hits answer the query it last searched. Until that is the query in the box, they are
  // another query's people, and each project shows as still searching rather than show them.
  const current = answered === typed
  const hits = current ? answers : NO_HITS

  useEffect(() => followSearchHits(), [])
  useEffect(() => search(debounced), [debounced, search])

  // The search shows a few users a project; the rest are on that project's Users screen, searched alike.
  const showAll = (projectId: string) => {
    setActive(projectId)
    go('users')
    void useUsers.getState().showMatches(projectId, typed)
  }

  const anyHits = Object.values(hits).some((h) => h.users.length > 0)
  const allAnswered = projects.every((p) => hits[p.id])

  return (
    <Spotlight.Root
      store={spotlightStore}
      query={query}
      onQueryChange={setQuery}
      // The shortcut is search-everywhere's, which loads this part on its first use.
      shortcut={null}
      onSpotlightClose={() => {
        // Closed before its box took the focus (Esc at once): keys go where the focus is again.
        takeHeldKeys()
        focusOpener()
      }}
      scrollable
      maxHeight={520}
      size="xl"
    >
      <Spotlight.Search
        id={SEARCH_BOX_ID}
        // Its Escape closes the spotlight alone. Every Mantine dialog hears Escape on the window, and
        // one under it (a New user form half filled) closed with it, losing what was typed there.
        data-mantine-stop-propagation
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.nativeEvent.isComposing) spotlight.close()
        }}
        placeholder="Search users in every project: name, email, phone or id"
        leftSection={<IconSearch size={18} />}
        aria-label="Search every project"
        onFocus={() => {
          const held = takeHeldKeys()
          if (held) setQuery((q) => q + held)
        }}
      />
      <Spotlight.ActionsList aria-label="Users in every project">
        {!typed && (
          <Spotlight.Empty>
            Type to search the users of all {projects.length} project{projects.length === 1 ? '' : 's'} at
            once.
          </Spotlight.Empty>
        )}
        {failure && current && <Spotlight.Empty>{failure}</Spotlight.Empty>}
        {typed &&
          projects.map((p) => {
            const h = hits[p.id]
            return (
              <div key={p.id} data-testid={`spotlight-project-${p.id}`}>
                <Group
                  justify="space-between"
                  px="sm"
                  py={6}
                  style={{ borderLeft: `3px solid var(--mantine-color-${p.colour}-6, ${p.colour})` }}
                >
                  <ProjectBadge project={p} />
                  <ProjectState hits={h} />
                </Group>
                {h?.users.map((u) => (
                  <Spotlight.Action
                    key={`${p.id}:${u.id}`}
                    onClick={() => showUser(p.id, u.id)}
                    data-private
                    label={personOf(u)}
                    description={[u.email, u.phone, u.id].filter(Boolean).join(' · ')}
                    rightSection={
                      !u.status ? (
                        <Badge size="xs" color="red" variant="light">
                          Blocked
                        </Badge>
                      ) : undefined
                    }
                    highlightQuery
                  />
                ))}
                {h && h.total > h.users.length && (
                  <Spotlight.Action
                    onClick={() => showAll(p.id)}
                    leftSection={<IconList size={16} />}
                    label={`Show all ${matches(h)} matches in ${p.name}`}
                    description={`Opens the Users screen of ${p.name} with this search`}
                  />
                )}
              </div>
            )
          })}
        {typed && allAnswered && !anyHits && (
          <Spotlight.Empty>No user matches in any project.</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  )
}
