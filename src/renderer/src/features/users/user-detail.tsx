import { Suspense, useEffect, useRef, useState } from 'react'
import {
  Badge,
  Button,
  Center,
  Drawer,
  Group,
  Loader,
  CloseButton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconLock, IconLockOpen, IconTrash } from '@tabler/icons-react'
import type { ProjectView, UserRecord } from '@shared/models'
import { call } from '../../api'
import { CopyValue } from '../../components/copy-value'
import { ErrorAlert } from '../../components/error-alert'
import { useLoad } from '../../use-load'
import { ProjectBadge } from '../projects/project-badge'
import { lazyPart, useOpenedAfterMount } from '../../components/lazy-part'
import { useEscapeCloses } from '../../components/use-escape-closes'
import { focusOnNothing, giveFocusBack } from '../../components/focus-back'
import { confirmDiscard } from '../../components/confirm-discard'
import { useUsers } from './users-store'
import { focusUsersList } from './users-table'
import { UserOverview, UserPreferences } from './user-overview'
import { LogsTab, MembershipsTab, MfaTab, SessionsTab } from './user-tabs'
import { TargetsTab } from './targets-tab'
import { IdentitiesTab } from './identities-tab'
import { SignInTab } from './sign-in-tab'
import { ConfirmTyped } from './confirm-typed'
import './user-detail.css'
import { announceDone, announceError, announceWrite } from './write-feedback'
import { dropEdits, hasUnsavedEdits } from './unsaved-edits'
import { personOf } from '@shared/user-fields'

// The History tab shows the Activity list, which stays out of the first load with the Activity screen.
const ActivityList = lazyPart(() => import('../activity/activity-list').then((m) => m.ActivityList))

const USER_DRAWER_ID = 'user-detail'

/** Everything about one user, in a drawer over the list (Esc closes it, the list keeps its place). */
export function UserDetail({ project }: { project: ProjectView }) {
  const userId = useUsers((s) => (s.detail?.project === project.id ? s.detail.userId : null))
  const closeDetail = useUsers((s) => s.closeDetail)
  // The drawer's (hidden) title names its dialog: the person shown, once loaded, as the body says.
  // Private like every other place their name is: privacy mode holds for the whole drawer.
  const [title, setTitle] = useState('User')
  const opened = useOpenedAfterMount(userId !== null)
  const close = () => askThenClose(project.id, userId, closeDetail)
  const escapeCloses = useEscapeCloses(opened, USER_DRAWER_ID, close)
  return (
    <Drawer
      {...escapeCloses}
      position="right"
      size={820}
      title={<span data-private>{title}</span>}
      // The body draws its own title row. Mantine drops the body's top padding whenever a header is
      // there, hidden or not, which left the user's name touching the drawer's top edge.
      styles={{ header: { display: 'none' }, body: { paddingTop: 'var(--mantine-spacing-md)' } }}
    >
      <FocusBackOnClose />
      {userId && (
        <UserDetailBody
          key={`${project.id}:${userId}`}
          project={project}
          userId={userId}
          onTitle={setTitle}
          onClose={close}
        />
      )}
    </Drawer>
  )
}

/**
 * Mounted with the drawer's content. Mantine gives focus back, as the drawer closes, to what had it
 * when the drawer opened; where that is gone (the Ctrl/⌘-K box, a notification's Open that
 * user) focus was left on nothing, and the list's arrows and Enter went dead. Then the list takes it.
 */
function FocusBackOnClose() {
  useEffect(() => {
    const opener = document.activeElement
    return () => {
      // Run once the content has gone: focus elsewhere (a click on the list) is left where it is.
      if (focusOnNothing() && !giveFocusBack(opener)) focusUsersList()
    }
  }, [])
  return null
}

/** Closes the drawer, asking first when it holds edits not saved (Esc is quick to press). */
function askThenClose(project: string, userId: string | null, close: () => void): void {
  if (!userId || !hasUnsavedEdits(project, userId)) return close()
  confirmDiscard({
    title: 'Discard your changes?',
    text: 'This user has changes you have not saved. Closing discards them.',
    onDiscard: () => {
      dropEdits(project, userId)
      close()
    },
  })
}

function UserDetailBody({
  project,
  userId,
  onTitle,
  onClose,
}: {
  project: ProjectView
  userId: string
  onTitle: (title: string) => void
  onClose: () => void
}) {
  const closeDetail = useUsers((s) => s.closeDetail)
  const replace = useUsers((s) => s.replace)
  const remove = useUsers((s) => s.remove)
  const [tab, setTab] = useState<string | null>('overview')
  const historyTab = useRef<HTMLButtonElement>(null)
  const readOnly = project.safeMode === 'read-only' || project.scopes.write === false
  const loaded = useLoad(
    () => call((a) => a.users.get({ project: project.id, userId })),
    `${project.id}:${userId}`,
  )
  const user = loaded.data
  const error = loaded.error
  const title = user ? personOf(user) : 'User'
  useEffect(() => onTitle(title), [onTitle, title])

  const changed = (u: UserRecord) => {
    loaded.update(() => u)
    replace(project.id, u)
  }
  const reread = async () => {
    try {
      changed(await call((a) => a.users.get({ project: project.id, userId })))
    } catch (err) {
      announceError(project.id, 'Could not read the user again', err)
    }
  }

  const toggleBlock = async () => {
    if (!user) return
    try {
      const written = await call((a) =>
        a.users.update({ project: project.id, userId: user.id, change: { status: !user.status } }),
      )
      if (written.user) changed(written.user)
      announceWrite(project.id, user.status ? 'User blocked' : 'User unblocked', written, changed)
    } catch (err) {
      announceError(project.id, user.status ? 'Could not block' : 'Could not unblock', err)
    }
  }

  const confirmDelete = () => {
    if (!user) return
    const id = modals.open({
      title: `Delete ${title}?`,
      children: (
        <ConfirmTyped
          production={project.tag === 'production'}
          projectName={project.name}
          message={`${title} (${user.id}) and their sessions, targets and identities are deleted from "${project.name}". Appwrite cannot bring them back; the Activity log keeps their details.`}
          action="Delete user"
          onCancel={() => modals.close(id)}
          onConfirm={async (confirm) => {
            await call((a) =>
              a.users.delete({ project: project.id, userId: user.id, ...(confirm ? { confirm } : {}) }),
            )
            modals.close(id)
            remove(project.id, user.id)
            dropEdits(project.id, user.id)
            closeDetail()
            announceDone(`Deleted ${title}`, 'Recorded in Activity. Deletion cannot be undone.', {
              project: project.id,
              userId: user.id,
            })
          }}
        />
      ),
    })
  }

  const tabProps = user && {
    project: project.id,
    user,
    readOnly,
    production: project.tag === 'production',
    projectName: project.name,
    onChanged: changed,
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm">
          <Title order={4} data-private>
            {title}
          </Title>
          {user && (
            <Badge variant="light" color={user.status ? 'green' : 'red'}>
              {user.status ? 'Active' : 'Blocked'}
            </Badge>
          )}
          {user?.impersonator && (
            <Badge variant="light" color="violet">
              Impersonator
            </Badge>
          )}
        </Group>
        <CloseButton aria-label="Close user detail" onClick={onClose} />
      </Group>
      {error && (
        <ErrorAlert
          error={error}
          title={error.code === 'not_found' ? 'This user no longer exists' : 'Could not load the user'}
        />
      )}
      {!error && !user && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {user && tabProps && (
        <Stack gap="md">
          <Group justify="space-between">
            <Stack gap={2}>
              <ProjectBadge project={project} />
              <Group gap="md">
                {user.email && <CopyValue value={user.email} what="email" personal />}
                {user.phone && <CopyValue value={user.phone} what="phone" personal />}
                {!user.email && !user.phone && (
                  <Text size="sm" c="dimmed">
                    No email or phone
                  </Text>
                )}
                <CopyValue value={user.id} what="user id" mono />
              </Group>
            </Stack>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                color={user.status ? 'orange' : 'green'}
                leftSection={user.status ? <IconLock size={14} /> : <IconLockOpen size={14} />}
                disabled={readOnly}
                onClick={() => void toggleBlock()}
              >
                {user.status ? 'Block' : 'Unblock'}
              </Button>
              <Button
                size="xs"
                variant="light"
                color="red"
                leftSection={<IconTrash size={14} />}
                disabled={readOnly}
                onClick={confirmDelete}
              >
                Delete
              </Button>
            </Group>
          </Group>
          {readOnly && (
            <Text size="sm" c="orange">
              {project.safeMode === 'read-only'
                ? 'This project is read-only in Userdeck: you can look, not change.'
                : 'The key lacks users.write: you can look, not change.'}
            </Text>
          )}
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List className="ud-user-tabs">
              <Tabs.Tab value="overview">Overview</Tabs.Tab>
              <Tabs.Tab value="prefs">Preferences</Tabs.Tab>
              <Tabs.Tab value="sessions">Sessions</Tabs.Tab>
              <Tabs.Tab value="logs">Logs</Tabs.Tab>
              <Tabs.Tab value="memberships">Memberships</Tabs.Tab>
              <Tabs.Tab value="targets">Targets</Tabs.Tab>
              <Tabs.Tab value="identities">Identities</Tabs.Tab>
              <Tabs.Tab value="mfa">MFA</Tabs.Tab>
              <Tabs.Tab value="sign-in">Sign-in</Tabs.Tab>
              <Tabs.Tab value="history" ref={historyTab}>
                History
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview" pt="md">
              <UserOverview {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="prefs" pt="md">
              <UserPreferences {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="sessions" pt="md">
              <SessionsTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="logs" pt="md">
              <LogsTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="memberships" pt="md">
              <MembershipsTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="targets" pt="md">
              <TargetsTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="identities" pt="md">
              <IdentitiesTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="mfa" pt="md">
              <MfaTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="sign-in" pt="md">
              <SignInTab {...tabProps} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <Suspense fallback={<Loader size="sm" />}>
                <ActivityList
                  filter={{ project: project.id, userId: user.id }}
                  showProject={false}
                  // Both ways: a change made elsewhere (Undo on a notification) is listed, and an
                  // undo here shows in the header, the tabs and the list.
                  refresh={user.updatedAt}
                  onUndone={() => {
                    // The Undo pressed goes as the list is read again, and focus would go with it,
                    // out of the drawer (Tab then reached the window behind). It stays on the tab.
                    historyTab.current?.focus()
                    void reread()
                  }}
                  empty="Nothing changed for this user from Userdeck yet: what the window, a job or the CLI changes is listed here, with its undo."
                />
              </Suspense>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Stack>
  )
}
