import { Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { Button, Center, Group, Loader, Stack, Text, Tooltip } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { useDebouncedValue } from '@mantine/hooks'
import { modals } from '@mantine/modals'
import { IconDownload, IconUserPlus, IconUsers } from '@tabler/icons-react'
import type { UserRecord } from '@shared/models'
import { useActiveProject } from '../projects/projects-store'
import { keyLimits } from '../projects/key-limits'
import { useSettings } from '../settings/settings-store'
import { useUsers } from './users-store'
import { UsersTable, focusUsersList } from './users-table'
import { UsersFilters } from './users-filters'
import { NewUserDialog } from './new-user-dialog'
import { lacking } from '@shared/appwrite-versions'
import { ErrorAlert } from '../../components/error-alert'
import { SearchBox } from '../../components/search-box'
import { PartLoading, lazyPart, useShownOnce } from '../../components/lazy-part'
import { api, call } from '../../api'
import { useShortcuts } from '../../shortcut-keys'
import { formatCount } from '../../format-count'
import { useLoad } from '../../use-load'
import { clockTime } from '@shared/clock'

// What opens on request loads on request: the list is all the first window needs.
const UserDetail = lazyPart(() => import('./user-detail').then((m) => m.UserDetail))
const ExportUsers = lazyPart(() => import('./export-users').then((m) => m.ExportUsers))
const SelectionBar = lazyPart(() => import('./selection-bar').then((m) => m.SelectionBar))

/** Jobs that change who is in the list or how they show: when one ends, the list is read again. */
const listChangingKinds = new Set([
  'users.delete',
  'users.restore',
  'users.change',
  'undo',
  'labels',
  'sessions.lockOut',
])

export function UsersScreen() {
  const project = useActiveProject()
  const state = useUsers()
  const { users, total, totalCapped, loading, loadingMore, error, nextCursor, filters, sort, selected } =
    state
  const detailShown = useShownOnce(state.detail !== null)
  const columnWidths = useSettings((s) => s.settings.usersColumns)
  const { picked, allMatching } = state
  // Appwrite's total stops at its cap ("5,000+"). For the whole list, the project's last count (the
  // Overview's) says how many there are; it is only looked up, never started from here.
  const whole = !state.search.trim() && Object.values(filters).every((v) => v === undefined)
  const counted = useLoad(
    () => call((a) => a.stats.counted({ project: project!.id })),
    project && totalCapped && whole ? project.id : null,
    loading,
  )
  const countedUsers = counted.data && counted.data.users >= total ? counted.data : null
  // The list's search is its project's: opened on another project (switched while another screen
  // showed), the box starts empty, as a switch here empties it.
  const [search, setSearch] = useState(state.project === project?.id ? state.search : '')
  const [debounced] = useDebouncedValue(search, 250)
  const searchRef = useRef<HTMLInputElement>(null)
  // The project the New user form was opened for: it creates there, whichever is shown by then.
  const [creatingIn, setCreatingIn] = useState<string | null>(null)
  const readOnly = !project || project.safeMode === 'read-only' || project.scopes.write === false
  // Why a new user cannot be made here, said on the disabled button rather than left to guess.
  const cannotCreate = keyLimits(project).canWrite ? null : keyLimits(project).why

  // Another project's list opens unsearched: a search typed for the last project's people would show
  // "0 users" for one just opened. Each list is asked for once: the emptied box, once debounced, is
  // the list already shown.
  const opened = useRef<{ project: string; term: string } | null>(null)
  useEffect(() => {
    if (!project) return
    const switched = opened.current !== null && opened.current.project !== project.id
    // A list opened from elsewhere with a search (Ctrl-K's "Show all matches") is the one shown, in
    // this project or the one switched to: the box says what it is searched for.
    const fromElsewhere =
      opened.current !== null &&
      state.project === project.id &&
      (switched || state.search !== opened.current.term)
    if (fromElsewhere) {
      opened.current = { project: project.id, term: state.search }
      setSearch(state.search)
      return
    }
    // While the box was just set (emptied by a switch, filled from elsewhere), the debounced term is
    // the box's last one: the list is not asked for it again. The box itself is watched too: typed
    // back to that same term before the debounce caught up, the debounced term never changes.
    if (!switched && debounced !== search) return
    if (switched && search) setSearch('')
    const term = switched ? '' : debounced.trim()
    if (opened.current?.project === project.id && opened.current.term === term) return
    opened.current = { project: project.id, term }
    void useUsers.getState().open(project.id, term)
  }, [project?.id, search, debounced, state.project, state.search]) // eslint-disable-line react-hooks/exhaustive-deps -- on the project, the box or the list opened only

  useShortcuts([['mod+F', () => searchRef.current?.focus()]])

  useEffect(
    () =>
      api().on('jobs.changed', (job) => {
        if (job.project === project?.id && job.state === 'completed' && listChangingKinds.has(job.kind))
          void useUsers.getState().reload()
      }),
    [project?.id],
  )

  const loadMore = useCallback(() => void useUsers.getState().loadMore(), [])
  const projectId = project?.id
  const openUser = useCallback(
    (u: UserRecord) => {
      if (projectId) useUsers.getState().openDetail(projectId, u.id)
    },
    [projectId],
  )

  if (!project) return null
  // What this project's Appwrite cannot do is not offered; its control says why instead.
  const lastAccess = project.server ? lacking(project.server, 'accessedAtQueries') : null
  const impersonator = project.server ? lacking(project.server, 'impersonator') : null

  const searching = Boolean(debounced.trim())
  const filtering = Object.values(filters).some((v) => v !== undefined)
  const filtered = searching || filtering
  const nothingFound =
    searching && filtering
      ? `No user matches “${debounced.trim()}” with these filters`
      : searching
        ? `No user matches “${debounced.trim()}”`
        : 'No user matches these filters'
  // Beside an error no count is shown: "0 users" would say the project has none.
  const count = error
    ? ''
    : loading && users.length === 0
      ? 'Loading…'
      : totalCapped && countedUsers
        ? `${formatCount(countedUsers.users)} users (counted ${clockTime(countedUsers.countedAt)})`
        : `${formatCount(total)}${totalCapped ? '+' : ''} user${total === 1 && !totalCapped ? '' : 's'}`

  const openExport = () => {
    const id = modals.open({
      title: 'Export users',
      size: 'lg',
      closeOnClickOutside: false,
      children: (
        <Suspense fallback={<PartLoading />}>
          <ExportUsers project={project.id} onClose={() => modals.close(id)} />
        </Suspense>
      ),
    })
  }

  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <ScreenTitle>Users</ScreenTitle>
          <Text c="dimmed" size="sm" aria-live="polite" data-testid="users-count">
            {count}
            {users.length > 0 && (users.length < total || totalCapped)
              ? ` · ${formatCount(users.length)} loaded`
              : ''}
          </Text>
        </Group>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={openExport}>
            Export
          </Button>
          <Tooltip label={cannotCreate} disabled={!cannotCreate} multiline w={320} withArrow>
            {/* A disabled button gets no pointer events; the wrapper shows the reason on hover and focus. */}
            <span tabIndex={cannotCreate ? 0 : -1} data-testid="new-user-wrapper">
              <Button
                leftSection={<IconUserPlus size={16} />}
                onClick={() => setCreatingIn(project.id)}
                disabled={cannotCreate !== null}
                aria-describedby={cannotCreate ? 'new-user-why' : undefined}
              >
                New user
              </Button>
            </span>
          </Tooltip>
          {cannotCreate && (
            <span id="new-user-why" hidden>
              {cannotCreate}
            </span>
          )}
        </Group>
      </Group>
      <UsersFilters
        key={project.id}
        lastAccessUnavailable={lastAccess ?? undefined}
        impersonatorUnavailable={impersonator ?? undefined}
        filters={filters}
        onChange={(f) => void state.setQuery({ filters: f })}
        lead={
          <SearchBox
            ref={searchRef}
            size="xs"
            label="Search users"
            clearLabel="Clear search"
            shortcut="Ctrl F"
            placeholder="Name, email, phone or id"
            value={search}
            onChange={setSearch}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault()
                focusUsersList()
              }
            }}
            // With no list shown (nothing matches), the box is still left: G then a letter works again.
            onLeave={() => focusUsersList() || searchRef.current?.blur()}
          />
        }
      />
      {error && (
        <ErrorAlert
          error={error}
          title="Could not load users"
          onRetry={() => void useUsers.getState().reload()}
        />
      )}
      {!error && !loading && users.length === 0 && (
        <Center py="xl">
          <Stack align="center" gap="xs">
            <IconUsers size={40} opacity={0.4} />
            <Text fw={500}>{filtered ? nothingFound : 'This project has no users yet'}</Text>
            <Text size="sm" c="dimmed">
              {filtered
                ? [
                    searching && 'Search matches the start of words in name, email, phone and id.',
                    filters.label &&
                      'A label matches only as written, capitals included; the Labels screen lists them.',
                    'Try fewer filters, or every project with Ctrl K.',
                  ]
                    .filter(Boolean)
                    .join(' ')
                : 'Create one, or bring a user base in under Import.'}
            </Text>
          </Stack>
        </Center>
      )}
      {loading && users.length === 0 && !error && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {users.length > 0 && (
        <div
          className="ud-users-frame"
          style={{ position: 'relative', flex: 1, minHeight: 0, display: 'flex', opacity: loading ? 0.6 : 1 }}
        >
          <UsersTable
            users={users}
            total={total}
            hasMore={nextCursor !== null}
            loadingMore={loadingMore}
            selected={selected}
            picked={picked}
            allPicked={allMatching || (picked.size > 0 && picked.size === users.length)}
            onPick={state.pick}
            onPickAll={(all) => (all ? state.pickLoaded() : state.clearPicks())}
            sort={sort}
            onSort={(s) => void state.setQuery({ sort: s })}
            {...(lastAccess ? { unsortable: { accessedAt: lastAccess } } : {})}
            onSelect={state.select}
            onOpen={openUser}
            onLoadMore={loadMore}
            columnWidths={columnWidths}
            onColumnWidths={(widths) => useSettings.getState().update({ usersColumns: widths })}
          />
          {(state.picked.size > 0 || state.allMatching) && (
            <Suspense fallback={null}>
              <SelectionBar project={project.id} readOnly={readOnly} />
            </Suspense>
          )}
        </div>
      )}
      {/* One line at 1024 px: double-click and Ctrl-click are in the ? list, and each title shows its sort. */}
      <Text size="xs" c="dimmed" data-testid="users-keys">
        ↑ ↓ move · Enter opens · Space picks, with Shift a range · Ctrl A picks all · Esc clears · ? every
        shortcut
      </Text>
      <NewUserDialog
        project={creatingIn ?? project.id}
        opened={creatingIn !== null}
        onClose={() => setCreatingIn(null)}
        onCreated={(u) => {
          setCreatingIn(null)
          void useUsers.getState().reload()
          useUsers.getState().openDetail(creatingIn ?? project.id, u.id)
        }}
        onOpenUser={(userId) => {
          setCreatingIn(null)
          useUsers.getState().openDetail(creatingIn ?? project.id, userId)
        }}
      />
      {detailShown && (
        <Suspense fallback={null}>
          <UserDetail project={project} />
        </Suspense>
      )}
    </Stack>
  )
}
