import type { ReactNode } from 'react'
import { Alert, Button } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { AppError } from '@shared/errors'

export function ErrorAlert({
  error,
  onRetry,
  title,
  children,
}: {
  error: AppError
  onRetry?: () => void
  title?: string
  /** A way past the error other than trying again (an "Undo anyway"). */
  children?: ReactNode
}) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? 'Something went wrong'}
      role="alert"
    >
      {error.message}
      {onRetry && (
        <Button size="xs" variant="white" color="red" ml="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
      {children}
    </Alert>
  )
}
