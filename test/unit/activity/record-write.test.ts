import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '@shared/models'
import { AuditLog } from '../../../src/host/audit/audit-log'
import { recordWrite } from '../../../src/host/audit/record-write'
import type { ResolvedProject } from '../../../src/host/projects/projects-service'
import { tempDir } from '../helpers/temp-dir'

/** Only what an entry is attributed from; no call is made. */
const project = {
  entry: { id: 'p_shop', name: 'Shop' },
  keyLastFour: 'WXYZ',
} as unknown as ResolvedProject

describe('recordWrite', () => {
  it('attributes the write to its project and key, and returns the entry it appended', () => {
    const dataDir = tempDir()
    const audit = new AuditLog(dataDir)
    const entry = recordWrite(audit, project, {
      action: 'users.update',
      userId: 'ada',
      before: { name: 'Ada' },
      after: { name: 'Ada L.' },
      jobId: undefined,
    })
    expect(entry).toMatchObject({
      project: 'p_shop',
      projectName: 'Shop',
      keyLastFour: 'WXYZ',
      action: 'users.update',
      userId: 'ada',
      before: { name: 'Ada' },
      after: { name: 'Ada L.' },
    })
    // An absent job or undo leaves no key behind, in memory or on disk.
    expect(Object.keys(entry)).not.toContain('jobId')
    expect(Object.keys(entry)).not.toContain('undoOf')
    const line = JSON.parse(readFileSync(join(dataDir, 'audit', 'audit.jsonl'), 'utf8').trim()) as AuditEntry
    expect(line).toEqual(entry)
    expect(new AuditLog(dataDir).get(entry.id)).toEqual(entry)
  })

  it('links an undo to what it reverses and a row to its job, and tells whoever listens', () => {
    const audit = new AuditLog(tempDir())
    const seen: AuditEntry[] = []
    const stop = audit.onRecord((e) => seen.push(e))
    const first = recordWrite(audit, project, {
      action: 'labels.add',
      userId: 'ada',
      before: { labels: [] },
      after: { labels: ['vip'] },
      jobId: 'job1',
    })
    const undo = recordWrite(audit, project, {
      action: 'undo labels.add',
      userId: 'ada',
      before: { labels: ['vip'] },
      after: { labels: [] },
      undoOf: first.id,
    })
    expect(first.jobId).toBe('job1')
    expect(undo.undoOf).toBe(first.id)
    expect(audit.isUndone(first.id)).toBe(true)
    expect(seen).toEqual([first, undo])
    stop()
    recordWrite(audit, project, { action: 'users.export', userId: null, before: null, after: { rows: 1 } })
    expect(seen).toHaveLength(2)
  })
})
