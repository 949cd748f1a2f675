import { useCallback, useEffect, useState } from 'react'
import type { AppError } from '@shared/errors'
import type { LabelOverview } from '@shared/models/jobs'
import { call, errorOf } from '../../api'

/** A project's labels with their user counts (main caches the scan for a short while). */
export function useLabelOverview(project: string | null) {
  const [request, setRequest] = useState({ n: 0, refresh: false })
  const [state, setState] = useState<{ for: string; data: LabelOverview | null; error: AppError | null }>({
    for: '',
    data: null,
    error: null,
  })
  const want = `${project}#${request.n}`
  useEffect(() => {
    if (!project) return
    let live = true
    call((a) => a.labels.overview({ project, refresh: request.refresh })).then(
      (data) => live && setState({ for: want, data, error: null }),
      (err: unknown) => live && setState({ for: want, data: null, error: errorOf(err) }),
    )
    return () => {
      live = false
    }
  }, [project, request, want])
  const reload = useCallback((refresh = false) => setRequest((r) => ({ n: r.n + 1, refresh })), [])
  // While counting again, the last counts of the same project stay on screen; another project's never do.
  const sameProject = state.for.startsWith(`${project}#`)
  return {
    data: sameProject ? state.data : null,
    error: sameProject ? state.error : null,
    loading: state.for !== want,
    reload,
  }
}
