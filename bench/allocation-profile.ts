/**
 * How many bytes a piece of work allocates, and in which part of the program: V8's sampling heap
 * profiler around it, with the objects the garbage collector has already freed kept in the count (by
 * default it reports only what is still alive). Each sample is charged to the function that
 * allocated it, in the parts `cpu-profile.ts` uses. Short-lived allocations are what a bulk job's
 * young-generation collections cost, so this is the figure to cut when the collector's share grows.
 */
import { Session } from 'node:inspector/promises'
import { keepProfile, partOf, type Part } from './cpu-profile'

interface SamplingNode {
  callFrame: { functionName: string; url: string }
  selfSize: number
  children: SamplingNode[]
}

export type AllocationPart = Exclude<Part, 'garbage_collector'>

/**
 * Runs `work` under the sampling heap profiler; answers its result and the bytes each part allocated.
 * With `saveTo`, the whole profile is written there too: a .heapprofile opens in Chrome DevTools'
 * Memory panel, with the bytes of each line that allocated.
 */
export async function allocationParts<T>(
  work: () => Promise<T>,
  saveTo?: string,
): Promise<{ result: T; bytes: Record<AllocationPart, number> }> {
  const session = new Session()
  session.connect()
  try {
    await session.post('HeapProfiler.enable')
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    })
    const result = await work()
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode }
    }
    if (saveTo) keepProfile(saveTo, profile)
    const bytes: Record<AllocationPart, number> = {
      userdeck: 0,
      node_appwrite: 0,
      undici: 0,
      node_internals: 0,
      other_packages: 0,
    }
    const walk = (node: SamplingNode): void => {
      // Allocations with no script (the root) are the runtime's own: Node's internals.
      const part = partOf(node.callFrame) ?? 'node_internals'
      if (part !== 'garbage_collector') bytes[part] += node.selfSize
      node.children.forEach(walk)
    }
    walk(profile.head)
    return { result, bytes }
  } finally {
    session.disconnect()
  }
}
