import { useEffect, useState } from 'react'
import { api } from './api'

/**
 * How many users a pass over every user of a project has read, while it reads (`reading`); 0
 * otherwise. The Overview's count and the Labels screen's each tell theirs: 100,000 users take a while.
 */
export function useUsersRead(
  event: 'stats.progress' | 'labels.progress',
  project: string,
  reading: boolean,
): number {
  const [read, setRead] = useState(0)
  useEffect(() => {
    if (!reading) return
    const off = api().on(event, (p) => {
      if (p.project === project) setRead(p.users)
    })
    // The next pass starts from nothing, not from where this one ended.
    return () => {
      off()
      setRead(0)
    }
  }, [event, project, reading])
  return read
}
