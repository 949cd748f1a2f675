import { useCallback, useEffect, useEffectEvent, useState } from 'react'
import type { AppError } from '@shared/errors'
import { errorOf } from './api'

export interface LoadState<T, A = void> {
  /** The answer for the current key; kept on screen while the same key loads again, never another key's. */
  data: T | null
  error: AppError | null
  loading: boolean
  /** Asks again for the same key; `arg` reaches the loader (e.g. "count again, skip the cache"). */
  reload(arg?: A): void
  /** Changes the loaded data in place (appending an older page), without asking again. */
  update(change: (data: T) => T): void
}

interface Request<A> {
  arg: A | undefined
}

interface Answer<T, A> {
  /** Which request it answers: the key, the reload request and the version it was loaded at. */
  key: string | null
  request: Request<A> | null
  version: unknown
  data: T | null
  error: AppError | null
}

/**
 * Loads data for a component: again whenever `key` changes (another thing to show: the last answer
 * goes), `version` changes or `reload` is called (the same thing, newer: the last answer stays on
 * screen meanwhile). `key` null loads nothing. Only the newest request's answer is kept, so a slow
 * answer never overwrites a newer one. This is the renderer's one way to load what a component shows.
 */
export function useLoad<T, A = void>(
  load: (arg: A | undefined) => Promise<T>,
  key: string | null,
  version?: unknown,
): LoadState<T, A> {
  const [request, setRequest] = useState<Request<A>>({ arg: undefined })
  const [answer, setAnswer] = useState<Answer<T, A>>({
    key: null,
    request: null,
    version: undefined,
    data: null,
    error: null,
  })
  const run = useEffectEvent(load)
  useEffect(() => {
    if (key === null) return
    let live = true
    const settle = (data: T | null, error: AppError | null) => {
      if (live) setAnswer({ key, request, version, data, error })
    }
    run(request.arg).then(
      (data) => settle(data, null),
      (err: unknown) => settle(null, errorOf(err)),
    )
    return () => {
      live = false
    }
  }, [key, request, version])
  // Each reload is a new request object, so the effect runs again even with the same argument.
  const reload = useCallback((arg?: A) => setRequest({ arg }), [])
  const update = useCallback(
    (change: (data: T) => T) => setAnswer((a) => (a.data === null ? a : { ...a, data: change(a.data) })),
    [],
  )
  const sameKey = key !== null && answer.key === key
  const current = sameKey && answer.request === request && Object.is(answer.version, version)
  return {
    data: sameKey ? answer.data : null,
    error: sameKey ? answer.error : null,
    loading: key !== null && !current,
    reload,
    update,
  }
}
