import { describe, expect, it } from 'vitest'
import { labelsProblem } from '@shared/appwrite-limits'

describe('the labels of a form, checked as Appwrite checks them', () => {
  it('names every label that is wrong, each with its rule, not only the first', () => {
    const long = 'a'.repeat(40)
    expect(labelsProblem(['vip', 'has space', long])).toBe(
      `Label "has space" may contain only letters A–Z, a–z and digits 0–9. Label "${long}…" is 40 characters; the limit is 36.`,
    )
    expect(labelsProblem(['vip', 'churnRisk'])).toBeNull()
    expect(labelsProblem([])).toBeNull()
  })
})
