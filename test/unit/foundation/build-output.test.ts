import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'

// `npm test` builds before it runs the unit tests; a bare `vitest run` without a build skips these.
const built = existsSync('out/preload/index.cjs') && existsSync('out/renderer/index.html')

describe.skipIf(!built)('the build', () => {
  it('has a preload that a sandboxed renderer can load: CommonJS, requiring nothing but electron', () => {
    const preload = readFileSync('out/preload/index.cjs', 'utf8')
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/^\s*(import|export)\s/m)
    expect(preload).not.toContain('exposeInMainWorld("ipcRenderer"')
  })

  it('puts the strict CSP into the built page', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8')
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })
})
