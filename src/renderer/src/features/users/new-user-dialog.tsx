import { Suspense } from 'react'
import { Modal } from '@mantine/core'
import type { UserRecord } from '@shared/models'
import { PartLoading, lazyPart } from '../../components/lazy-part'
import { useEscapeCloses } from '../../components/use-escape-closes'
import { useAskBeforeDiscard } from '../../components/confirm-discard'

const CreateUser = lazyPart(() => import('./create-user').then((m) => m.CreateUser))

const NEW_USER_DIALOG_ID = 'new-user'

/**
 * The New user form in its dialog. Esc, a click beside it or its × asks before a half-filled form
 * goes, as the user drawer does with edits; Cancel is the deliberate way out. Its own dialog rather
 * than the modals manager's one: the manager shows one dialog at a time, so its question would
 * replace the form, and what was typed with it.
 */
export function NewUserDialog({
  project,
  opened,
  onClose,
  onCreated,
  onOpenUser,
}: {
  project: string
  opened: boolean
  onClose: () => void
  onCreated: (user: UserRecord) => void
  onOpenUser: (userId: string) => void
}) {
  const { setTyped, closeAsking } = useAskBeforeDiscard(onClose, {
    title: 'Discard this new user?',
    text: 'What you typed in the New user form has not been saved. Closing discards it.',
  })
  const escapeCloses = useEscapeCloses(opened, NEW_USER_DIALOG_ID, closeAsking)
  return (
    <Modal {...escapeCloses} title="New user">
      <Suspense fallback={<PartLoading />}>
        <CreateUser
          project={project}
          onTyped={setTyped}
          onCancel={onClose}
          onCreated={onCreated}
          onOpenUser={onOpenUser}
        />
      </Suspense>
    </Modal>
  )
}
