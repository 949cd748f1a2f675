import { describe, expect, it } from 'vitest'
import { LabelOverviewService } from '../../../src/host/labels/label-overview'
import type { ProjectsService } from '../../../src/host/projects/projects-service'
import type { CountedLabels } from '../../../src/host/stats'

/** No project is ever resolved: an overview that read users itself would fail. */
const noProjects = {
  resolve: () => Promise.reject(new Error('the overview read users of its own')),
} as unknown as ProjectsService

describe('an overview waiting on the Overview’s count', () => {
  it('tells that count’s progress as its own while it waits, and not after', async () => {
    let finish = (_: CountedLabels) => {}
    const labels = new Promise<CountedLabels>((resolve) => (finish = resolve))
    const told: number[] = []
    const service = new LabelOverviewService(
      noProjects,
      () => ({ finished: undefined, underWay: { startedAt: Date.now(), labels } }),
      (_project, users) => told.push(users),
    )
    service.countRead('p1', 100)
    const overview = service.get('p1')
    service.countRead('p1', 1000)
    service.countRead('other', 5)
    finish({ labels: [{ label: 'vip', users: 3 }], scannedUsers: 2000, scannedAt: 'then', startedAt: 1 })
    expect(await overview).toEqual({
      labels: [{ label: 'vip', users: 3 }],
      scannedUsers: 2000,
      scannedAt: 'then',
    })
    service.countRead('p1', 2000)
    expect(told).toEqual([1000])
  })

  it('reads the users itself when the count it waited on fails', async () => {
    const failed = Promise.reject(new Error('server gone'))
    // As the stats service leaves it: no one waiting on the count is not a failure of its own.
    failed.catch(() => {})
    const service = new LabelOverviewService(noProjects, () => ({
      finished: undefined,
      underWay: { startedAt: Date.now(), labels: failed },
    }))
    await expect(service.get('p1')).rejects.toThrow('the overview read users of its own')
  })
})
