import { describe, expect, it } from 'vitest'
import { isTrustedSender } from '../../../src/main/electron/trusted-sender'

const trusted = { origins: ['app://userdeck'], webContentsIds: new Set([7]) }
const ok = { frameUrl: 'app://userdeck/index.html', isMainFrame: true, webContentsId: 7 }

describe('isTrustedSender', () => {
  it('accepts the app page in its own window', () => {
    expect(isTrustedSender(ok, trusted)).toBe(true)
  })
  it.each([
    ['a subframe', { ...ok, isMainFrame: false }],
    ['another webContents', { ...ok, webContentsId: 8 }],
    ['a frame whose URL is unknown', { ...ok, frameUrl: null }],
    ['a remote page', { ...ok, frameUrl: 'https://evil.example/index.html' }],
    ['a look-alike host', { ...ok, frameUrl: 'app://userdeck.evil/index.html' }],
    ['a file URL', { ...ok, frameUrl: 'file:///etc/passwd' }],
    ['a data URL', { ...ok, frameUrl: 'data:text/html,<script>1</script>' }],
    ['garbage', { ...ok, frameUrl: 'not a url' }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false)
  })
})
