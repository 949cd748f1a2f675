import { describe, expect, it } from 'vitest'
import { DryRunMemory } from '../../../src/host/import/row-decision'

describe("an import's memory of its dry run", () => {
  it("gives back each row's decision, across the growth of its rows, and nothing for a row it did not reach", () => {
    const memory = new DryRunMemory()
    const decisions = ['create', 'update', 'skip', 'fail'] as const
    for (let row = 2; row < 5000; row++) memory.remember('job', row, decisions[row % 4]!)
    memory.remember('job', 1_000_000, 'update')
    for (let row = 2; row < 5000; row++) expect(memory.said('job', row)).toBe(decisions[row % 4])
    expect(memory.said('job', 1_000_000)).toBe('update')
    expect(memory.said('job', 1)).toBeNull()
    expect(memory.said('job', 5000)).toBeNull()
    expect(memory.said('job', 2_000_000)).toBeNull()
    expect(memory.said('another job', 2)).toBeNull()
  })

  it('keeps the last eight jobs: a ninth dry run forgets the first', () => {
    const memory = new DryRunMemory()
    for (let job = 1; job <= 9; job++) memory.remember(`job${job}`, 2, 'create')
    expect(memory.said('job1', 2)).toBeNull()
    for (let job = 2; job <= 9; job++) expect(memory.said(`job${job}`, 2)).toBe('create')
  })

  it('ignores a row number that is not a whole number at or above zero', () => {
    const memory = new DryRunMemory()
    memory.remember('job', -1, 'create')
    memory.remember('job', 2.5, 'create')
    expect(memory.said('job', -1)).toBeNull()
    expect(memory.said('job', 2.5)).toBeNull()
  })
})
