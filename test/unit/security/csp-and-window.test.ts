import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserWindowConstructorOptions } from 'electron'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import { createMainWindow } from '../../../src/main/electron/window'

/** The directives of a policy, each with its source list. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) map.set(name.toLowerCase(), sources)
  }
  return map
}

describe('the main window', () => {
  class RecordingWindow {
    static last: BrowserWindowConstructorOptions | null = null
    readonly listeners: Record<string, () => void> = {}
    shown = false
    constructor(options: BrowserWindowConstructorOptions) {
      RecordingWindow.last = options
    }
    once(event: 'ready-to-show', listener: () => void) {
      this.listeners[event] = listener
    }
    show() {
      this.shown = true
    }
  }

  const window = createMainWindow(RecordingWindow, '/app/out/preload/index.cjs', { packaged: true })
  const prefs = RecordingWindow.last?.webPreferences ?? {}

  it('is opened with every hardening setting written out', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.disableBlinkFeatures).toContain('Auxclick')
    expect(Object.keys(prefs)).not.toContain('additionalArguments')
  })

  it('has DevTools only when not packaged', () => {
    createMainWindow(RecordingWindow, '/app/out/preload/index.cjs', { packaged: true })
    expect(RecordingWindow.last?.webPreferences?.devTools).toBe(false)
    createMainWindow(RecordingWindow, '/app/out/preload/index.cjs', { packaged: false })
    expect(RecordingWindow.last?.webPreferences?.devTools).toBe(true)
  })

  it('stays hidden until its page is ready', () => {
    expect(RecordingWindow.last?.show).toBe(false)
    expect(window.shown).toBe(false)
    window.listeners['ready-to-show']?.()
    expect(window.shown).toBe(true)
  })
})

describe('the content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY)

  it('lets scripts come only from the app itself: no inline, no eval, no remote', () => {
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/)
    for (const [name, sources] of csp) {
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'")
      expect(sources.join(' '), name).not.toMatch(/\*|https?:|data:.*script|blob:/i)
    }
  })

  it('gives the renderer no network, no frames, no plugins, no base or form targets', () => {
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('connect-src')).toEqual(["'none'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'none'"])
    expect(csp.get('frame-src')).toEqual(["'none'"])
    expect(csp.get('worker-src')).toEqual(["'none'"])
  })

  it('is the meta tag of the built index.html, word for word', () => {
    // `npm test` builds before the unit tests; USERDECK_RENDERER_DIR points at another build folder.
    const dir = process.env.USERDECK_RENDERER_DIR ?? join(import.meta.dirname, '../../../out/renderer')
    const file = join(dir, 'index.html')
    expect(existsSync(file), `${file} is missing: run \`npx electron-vite build\` first`).toBe(true)
    const html = readFileSync(file, 'utf8')
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)]
    expect(metas).toHaveLength(1)
    expect(metas[0]?.[1]?.replaceAll('&#39;', "'").replaceAll('&quot;', '"')).toBe(CONTENT_SECURITY_POLICY)
    // The meta tag must come before any script, or the scripts above it would run unpoliced.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i)
  })
})
