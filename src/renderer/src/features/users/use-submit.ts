import { useState } from 'react'
import { errorOf } from '../../api'

/**
 * A dialog's submit: busy while it runs, and the refusal's message if it fails (the dialog stays open
 * to fix it). On success the caller closes the dialog, so busy is not reset.
 */
export function useSubmit<A>(submit: (arg: A) => Promise<void>) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (arg: A) => {
    setBusy(true)
    setError(null)
    try {
      await submit(arg)
    } catch (err) {
      setError(errorOf(err).message)
      setBusy(false)
    }
  }
  return { busy, error, run }
}
