/**
 * The renderer's CSP, proven in the real built page: each thing an injected script would try first
 * (reach the network, evaluate a string, run an inline script, frame or open another page) is blocked,
 * and the block is the policy's doing (a securitypolicyviolation event), not a network accident.
 */
import type { Page } from '@playwright/test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Query } from 'node-appwrite'
import { CHROMIUM_APP_ORIGIN } from '@shared/csp'
import { test, expect } from './fixtures'

interface Violation {
  directive: string
  blocked: string
}

declare global {
  interface Window {
    __violations?: Violation[]
    __ran?: string[]
  }
}

async function watchViolations(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__violations = []
    window.__ran = []
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations!.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    )
  })
}

/** Violations arrive as events after the blocked action; wait until one of the kind is in. */
async function violationsOf(page: Page, directive: string): Promise<Violation[]> {
  await expect
    .poll(() => page.evaluate((d) => window.__violations!.filter((v) => v.directive === d).length, directive))
    .toBeGreaterThan(0)
  return page.evaluate((d) => window.__violations!.filter((v) => v.directive === d), directive)
}

test.beforeEach(async ({ page }) => {
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  await watchViolations(page)
})

test('fetch from the page is refused by connect-src, to the sandbox and to a data: URL', async ({
  page,
  host,
}) => {
  const sandboxUrl = (await host.core.projects.resolve('demo')).entry.endpoint + '/users'
  const outcomes = await page.evaluate(async (url) => {
    const attempt = (target: string) =>
      fetch(target).then(
        () => 'fetched',
        (e: Error) => `refused: ${e.name}`,
      )
    return { sandbox: await attempt(url), data: await attempt('data:application/json,{"users":[]}') }
  }, sandboxUrl)
  expect(outcomes).toEqual({ sandbox: 'refused: TypeError', data: 'refused: TypeError' })
  const blocked = (await violationsOf(page, 'connect-src')).map((v) => v.blocked)
  expect(blocked.some((b) => b.startsWith(new URL(sandboxUrl).origin))).toBe(true)
  expect(blocked).toContain('data')
})

test('eval and new Function throw, and say it is the policy', async ({ page }) => {
  // Run from a timer, not inside page.evaluate: DevTools' own evaluation is exempt from the eval
  // check (Runtime.evaluate's allowUnsafeEvalBlockedByCSP), a page script never is.
  const outcomes = await page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve) =>
        setTimeout(() => {
          const attempt = (f: () => unknown) => {
            try {
              f()
              return 'ran'
            } catch (e) {
              return (e as Error).name
            }
          }
          resolve({
            eval: attempt(() => window.eval('window.__ran.push("eval")')),
            fn: attempt(() => new Function('window.__ran.push("function")')()),
            timer: attempt(() =>
              (setTimeout as unknown as (code: string) => void)('window.__ran.push("timer")'),
            ),
          })
        }),
      ),
  )
  expect(outcomes.eval).toBe('EvalError')
  expect(outcomes.fn).toBe('EvalError')
  const violations = await violationsOf(page, 'script-src')
  expect(violations.some((v) => v.blocked === 'eval')).toBe(true)
  // setTimeout with a string does not throw; it just must not run. A later timer runs after it would have.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)))
  expect(await page.evaluate(() => window.__ran)).toEqual([])
})

test('an injected inline script, event handler or javascript: URL does not run', async ({ page }) => {
  await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__ran.push("inline")'
    document.body.append(script)
    const img = document.createElement('img')
    img.setAttribute('onerror', 'window.__ran.push("handler")')
    img.src = 'data:,not-an-image'
    document.body.append(img)
    const link = document.createElement('a')
    link.href = 'javascript:window.__ran.push("link")'
    document.body.append(link)
    link.click()
  })
  const blocked = (await violationsOf(page, 'script-src-elem')).map((v) => v.blocked)
  expect(blocked).toContain('inline')
  await expect.poll(() => page.evaluate(() => window.__violations!.length)).toBeGreaterThanOrEqual(3)
  expect(await page.evaluate(() => window.__ran)).toEqual([])
})

test('a script from another origin does not load', async ({ page, host }) => {
  const sandboxOrigin = new URL((await host.core.projects.resolve('demo')).entry.endpoint).origin
  await page.evaluate((src) => {
    const script = document.createElement('script')
    script.src = src
    document.body.append(script)
  }, `${sandboxOrigin}/evil.js`)
  const blocked = (await violationsOf(page, 'script-src-elem')).map((v) => v.blocked)
  expect(blocked).toContain(`${sandboxOrigin}/evil.js`)
})

test('frames are refused, even of the app itself', async ({ page, host }) => {
  const sandboxUrl = (await host.core.projects.resolve('demo')).entry.endpoint
  await page.evaluate(
    (urls) => {
      for (const src of urls) {
        const frame = document.createElement('iframe')
        frame.src = src
        document.body.append(frame)
      }
    },
    [sandboxUrl, `${CHROMIUM_APP_ORIGIN}/index.html`, 'data:text/html,<p>framed</p>'],
  )
  const blocked = (await violationsOf(page, 'frame-src')).map((v) => v.blocked)
  await expect.poll(async () => (await violationsOf(page, 'frame-src')).length).toBeGreaterThanOrEqual(3)
  expect(blocked.some((b) => b.startsWith(new URL(sandboxUrl).origin))).toBe(true)
})

test('window.open is denied, from the page and from a frame it makes', async ({ page, shell }) => {
  // CSP cannot stop window.open; in Electron setWindowOpenHandler denies it (test/unit/security). The
  // page has no links of its own, so here the bridge replaces it in every frame.
  const before = shell.context.pages().length
  const outcomes = await page.evaluate(() => {
    const frame = document.body.appendChild(document.createElement('iframe'))
    return [
      window.open('https://example.com/', '_blank') === null,
      frame.contentWindow?.open('https://example.com/', '_blank') === null,
    ]
  })
  expect(outcomes).toEqual([true, true])
  expect(shell.context.pages()).toHaveLength(before)
})

test('markup in user data is shown as text, never run', async ({ page, host }) => {
  const { clients } = await host.core.projects.resolve('demo')
  const email = 'xss.probe@example.com'
  await clients.users.create({
    userId: 'xssprobe',
    email,
    name: '<img src=x onerror="window.__ran.push(\'name\')"><script>window.__ran.push("s")</script>',
  })
  const created = await clients.users.list({ queries: [Query.equal('email', email)] })
  expect(created.total).toBe(1)
  await page.getByRole('textbox', { name: 'Search users' }).fill('xssprobe')
  const rows = page.getByRole('table', { name: 'Users' }).getByRole('row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1)).toContainText('<img src=x onerror=')
  expect(await page.locator('table img[src="x"]').count()).toBe(0)
  expect(await page.evaluate(() => window.__ran)).toEqual([])
})

test('a malformed address answers 404, and the shell keeps serving the app', async ({ page, shell }) => {
  // A percent sign without its two hex digits: decoding it throws, and must not take the host down.
  const other = await shell.context.newPage()
  try {
    const response = await other.goto(`${CHROMIUM_APP_ORIGIN}/%E0%A4%A`)
    expect(response?.status()).toBe(404)
    expect((await other.goto(`${CHROMIUM_APP_ORIGIN}/index.html`))?.status()).toBe(200)
  } finally {
    await other.close()
  }
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
})

test('the shell keeps an event (user records included) only until the page has taken it', async ({
  page,
  host,
}) => {
  setFlagsFromString('--expose-gc')
  const collect = runInNewContext('gc') as () => void
  await page.evaluate(() => {
    window.__ran = []
    window.userdeck.on('users.exportProgress', (p) => window.__ran!.push(p.exportId))
  })
  let sent: WeakRef<object> | undefined
  // In a function of its own, so no variable of the test holds the payload once it is sent.
  ;(() => {
    const payload = { exportId: 'held-probe', rows: 1, total: 1, totalCapped: false, done: false }
    sent = new WeakRef(payload)
    host.events.emit('users.exportProgress', payload)
  })()
  await expect.poll(() => page.evaluate(() => window.__ran)).toContain('held-probe')
  await expect
    .poll(async () => {
      collect()
      await new Promise((resolve) => setImmediate(resolve))
      return sent!.deref() === undefined
    })
    .toBe(true)
})
