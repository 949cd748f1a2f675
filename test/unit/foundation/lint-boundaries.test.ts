import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const eslint = new ESLint()

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal')
}

describe('architecture boundaries, as lint rules', () => {
  it.each(['electron', 'keytar', 'node-appwrite', 'node:fs'])(
    'the renderer cannot import %s',
    async (mod) => {
      const ids = await ruleIds(`import x from '${mod}'\nexport const y = x\n`, 'src/renderer/src/probe.ts')
      expect(ids).toContain('no-restricted-imports')
    },
  )

  it('only the preload may touch ipcRenderer', async () => {
    const code = `declare const ipcRenderer: { send(c: string): void }\nipcRenderer.send('x')\n`
    expect(await ruleIds(code, 'src/renderer/src/probe.ts')).toContain('no-restricted-syntax')
    expect(await ruleIds(code, 'src/main/probe.ts')).toContain('no-restricted-syntax')
    expect(await ruleIds(code, 'src/preload/probe.ts')).not.toContain('no-restricted-syntax')
  })

  it('services never import electron; the Electron shell may', async () => {
    const code = `import { app } from 'electron'\nexport const a = app\n`
    expect(await ruleIds(code, 'src/host/users/probe.ts')).toContain('no-restricted-imports')
    expect(await ruleIds(code, 'src/main/electron/probe.ts')).not.toContain('no-restricted-imports')
  })

  it.each(['src/cli/probe.ts', 'src/chromium/probe.ts', 'src/main/electron/probe.ts'])(
    'a shell (%s) imports the host entry, never its internals',
    async (file) => {
      const deep = `import { UsersService } from '../host/users/users-service'\nexport const u = UsersService\n`
      const entry = `import { createHost } from '../host'\nexport const c = createHost\n`
      expect(await ruleIds(deep, file)).toContain('no-restricted-imports')
      expect(await ruleIds(entry, file)).not.toContain('no-restricted-imports')
    },
  )

  it('src/shared stays free of Node', async () => {
    expect(
      await ruleIds(
        `import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n`,
        'src/shared/probe.ts',
      ),
    ).toContain('no-restricted-imports')
  })
})
