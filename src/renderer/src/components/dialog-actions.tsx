import type { ReactNode } from 'react'
import { Group, type GroupProps } from '@mantine/core'
import './dialog-actions.css'

/**
 * The buttons at the end of a dialog (Cancel, Save, Run…), kept in view at its foot however long the
 * dialog is (see dialog-actions.css). The last thing in the dialog's body: it takes the body's bottom
 * padding.
 */
export function DialogActions({
  justify = 'flex-end',
  children,
}: {
  justify?: GroupProps['justify']
  children: ReactNode
}) {
  return (
    <Group justify={justify} className="ud-dialog-actions" data-testid="dialog-actions">
      {children}
    </Group>
  )
}
