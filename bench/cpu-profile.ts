/**
 * Where a piece of work spends this process's CPU: V8's sampling profiler around it, each sample's
 * own (self) time charged to the part of the program it ran in. With BENCH_PROFILE_FILE set, the
 * whole profile is written there too (a .cpuprofile opens in Chrome DevTools' Performance panel).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Session } from 'node:inspector/promises'

/** The parts a sample is charged to; anything else in node_modules is `other_packages`. */
export type Part =
  'userdeck' | 'node_appwrite' | 'undici' | 'node_internals' | 'garbage_collector' | 'other_packages'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export function partOf({ url, functionName }: ProfileNode['callFrame']): Part | null {
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return null
  if (functionName === '(garbage collector)') return 'garbage_collector'
  if (url.includes('/node_modules/node-appwrite/')) return 'node_appwrite'
  if (url.includes('/node_modules/undici/')) return 'undici'
  if (url.includes('/node_modules/')) return 'other_packages'
  // Under tsx, Userdeck's own files; in a bench's bundled child, the bundle (the bench's few calls too).
  if (url.includes('/src/') || url.includes('/out/bench/')) return 'userdeck'
  // node:… modules and native calls (socket writes, JSON.parse) with no script of their own.
  return 'node_internals'
}

/** Writes a profile where the person asked for it, making its folder if need be. */
export function keepProfile(file: string, profile: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(profile))
}

/** Runs `work` under the profiler; answers its result and the µs of CPU each part took. */
export async function profileParts<T>(
  work: () => Promise<T>,
): Promise<{ result: T; microseconds: Record<Part, number> }> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 200 })
    await session.post('Profiler.start')
    const result = await work()
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile }
    if (process.env.BENCH_PROFILE_FILE) keepProfile(process.env.BENCH_PROFILE_FILE, profile)
    const parts = new Map(profile.nodes.map((node) => [node.id, partOf(node.callFrame)]))
    const microseconds: Record<Part, number> = {
      userdeck: 0,
      node_appwrite: 0,
      undici: 0,
      node_internals: 0,
      garbage_collector: 0,
      other_packages: 0,
    }
    profile.samples.forEach((id, i) => {
      const part = parts.get(id)
      if (part) microseconds[part] += profile.timeDeltas[i] ?? 0
    })
    return { result, microseconds }
  } finally {
    session.disconnect()
  }
}
