import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/host/logger'
import { tempDir } from '../helpers/temp-dir'

describe('the log file', () => {
  afterEach(() => vi.restoreAllMocks())

  it('cannot fail the code that logs: with its folder gone a line is dropped, said once, and logging goes on once it is back', () => {
    const dir = join(tempDir(), 'logs')
    const file = join(dir, 'userdeck.log')
    const logger = createLogger({ file })
    logger.info('first')
    const said = vi.spyOn(console, 'error').mockImplementation(() => {})

    rmSync(dir, { recursive: true })
    expect(() => logger.warn('lost')).not.toThrow()
    expect(() => logger.error('lost too')).not.toThrow()
    expect(said).toHaveBeenCalledTimes(1)
    expect(String(said.mock.calls[0]![0])).toContain(`could not write its log ${file}`)
    expect(existsSync(dir)).toBe(false)

    mkdirSync(dir)
    logger.info('back')
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['back'])
    expect(said).toHaveBeenCalledTimes(1)
  })
})
