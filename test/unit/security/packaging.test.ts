/**
 * The installer configuration, read and validated by electron-builder's own loader and schema (the
 * same code `npm run dist` runs), then held to the security promises: fuses, targets, contents.
 */
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Configuration } from 'app-builder-lib'

const root = join(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(
    projectDir: string,
    configPath: string | null,
    fromOptions: Configuration | null,
  ): Promise<Configuration>
  validateConfiguration(
    config: Configuration,
    logger: { isEnabled: boolean; add(k: string, v: unknown): void },
  ): Promise<void>
}
const quiet = { isEnabled: false, add: () => undefined }

function targetsOf(platform: { target?: unknown } | null | undefined): string[] {
  const list = Array.isArray(platform?.target) ? platform.target : [platform?.target]
  return list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target))
}

describe('build/electron-builder.yml', async () => {
  const config = await getConfig(root, 'build/electron-builder.yml', null)

  it("passes electron-builder's own schema, which does refuse a misspelt option", async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined()
    const misspelt = {
      ...config,
      electronFuses: { ...config.electronFuses, runAsNodes: false },
    } as Configuration
    await expect(validateConfiguration(misspelt, quiet)).rejects.toThrow(/Invalid configuration object/)
  })

  it('flips every fuse that guards main, where the keys live', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    })
    // The asar-only fuse would leave an unpacked app unable to start.
    expect(config.asar).not.toBe(false)
  })

  it('builds AppImage and deb, dmg, and NSIS', () => {
    expect(targetsOf(config.linux).sort()).toEqual(['AppImage', 'deb'])
    expect(targetsOf(config.mac)).toEqual(['dmg'])
    expect(targetsOf(config.win)).toEqual(['nsis'])
    expect(config.deb?.depends).toContain('libsecret-1-0')
  })

  it('ships only the build (dependencies are added by electron-builder), with keytar outside the asar', () => {
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json', '!**/*.map', '!out/cli/**'] }])
    expect(config.asarUnpack).toEqual(['**/node_modules/keytar/**/*.node'])
  })

  it('is what `npm run dist` uses, and the app entry is the build', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string
      scripts: Record<string, string>
    }
    expect(pkg.main).toBe('./out/main/index.js')
    expect(pkg.scripts.dist).toBe(
      'electron-vite build && electron-builder --config build/electron-builder.yml',
    )
    for (const [flag, name] of [
      ['--linux', 'dist:linux'],
      ['--mac', 'dist:mac'],
      ['--win', 'dist:win'],
    ]) {
      expect(pkg.scripts[name!]).toBe(`${pkg.scripts.dist} ${flag}`)
    }
  })
})
