import { Client, Query, Users } from 'node-appwrite'
import type { Locator, Page } from '@playwright/test'
import type { UserRecord } from '@shared/models'
import type { SignInSecret } from '@shared/models/access'
import type { HostInternals as Host } from '../../src/host/host'
import { runCli } from '../../src/cli/program'
import { captureIo } from '../unit/helpers/capture-io'
import {
  test,
  expect,
  holdPageClock,
  openSandboxProject,
  openUserById,
  refuseClipboardWrites,
  screenshotPath,
  userRows,
} from './fixtures'
import { filesScanned, findSecret, recordEvents } from './leak-scan'

const field = (scope: Page | Locator, label: string) =>
  scope.locator('input, textarea').and(scope.getByLabel(label, { exact: true }))
const rows = userRows

async function get(host: Host, userId: string): Promise<UserRecord> {
  const r = await host.dispatch('users.get', { project: 'demo', userId })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as UserRecord
}

async function openUser(page: Page, userId: string, tab: string): Promise<void> {
  await openUserById(page, userId)
  await page.getByRole('tab', { name: tab }).click()
}

async function demoUsers(host: Host) {
  return (await host.core.projects.resolve('demo')).clients.users
}

/**
 * A user's Sign-in tab with a one-time token just created, the clipboard open to the page so the
 * tests can read back what was copied: the dialog that shows it, and the secret.
 */
async function tokenShown(page: Page, host: Host) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  const someone = (await (await demoUsers(host)).list({ queries: [Query.limit(1)] })).users[0]!
  await openUser(page, someone.$id, 'Sign-in')
  await page.getByRole('button', { name: 'Create token' }).click()
  const shown = page.getByRole('dialog', { name: 'One-time sign-in token' })
  await expect(shown.locator('[data-secret]').first()).toBeVisible()
  const [secret] = await shown.locator('[data-secret]').allInnerTexts()
  return { shown, secret: secret! }
}

/** An active user with exactly `count` sessions, made by Appwrite's API, and how many are left. */
async function withSessions(users: Users, count: number) {
  const someone = (await users.list({ queries: [Query.equal('status', true), Query.limit(1)] })).users[0]!
  for (const s of (await users.listSessions({ userId: someone.$id })).sessions)
    await users.deleteSession({ userId: someone.$id, sessionId: s.$id })
  for (let i = 0; i < count; i++) await users.createSession({ userId: someone.$id })
  const left = async () => (await users.listSessions({ userId: someone.$id })).total
  return { someone, left }
}

test('unlink an identity: confirmed, said to be final, and gone', async ({ page, host }) => {
  const identity = (await (await demoUsers(host)).listIdentities({ queries: [Query.limit(1)] }))
    .identities[0]!
  await openUser(page, identity.userId, 'Identities')
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText(identity.provider)
  await panel.getByRole('button', { name: `Unlink ${identity.provider}` }).click()
  const dialog = page.getByRole('dialog', { name: new RegExp(`Unlink ${identity.provider}`) })
  await expect(dialog).toContainText('This cannot be undone')
  await expect(dialog).toContainText('until they link it again')
  await page.screenshot({ path: screenshotPath('support-unlink-identity-confirm') })
  await dialog.getByRole('button', { name: `Unlink ${identity.provider}` }).click()
  await expect(page.getByText(`${identity.provider} unlinked`)).toBeVisible()
  await expect(panel.getByRole('button', { name: `Unlink ${identity.provider}` })).toHaveCount(0)
  const left = await (await demoUsers(host)).listIdentities({ queries: [Query.equal('$id', identity.$id)] })
  expect(left.total).toBe(0)
  expect(host.core.audit.list({ action: 'identities.unlink', limit: 1 })[0]).toMatchObject({
    userId: identity.userId,
    before: { identity: { id: identity.$id } },
  })
})

test('add a target, checked as Appwrite checks it, and undo it from the notice', async ({ page, host }) => {
  const user = (await host.dispatch('users.list', { project: 'demo', limit: 5 })) as {
    ok: true
    value: { users: UserRecord[] }
  }
  const someone = user.value.users[2]!
  await openUser(page, someone.id, 'Targets')
  await page.getByRole('button', { name: 'Add target' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a messaging target' })
  await field(dialog, 'Type').click()
  await page.getByRole('option', { name: 'SMS' }).click()
  await field(dialog, 'Identifier').fill('555 0100')
  await field(dialog, 'Name').click()
  await expect(dialog).toContainText('E.164')
  await field(dialog, 'Identifier').fill('+14155550100')
  await field(dialog, 'Name').fill('Desk phone')
  await expect(dialog).not.toContainText('E.164')
  await dialog.getByRole('button', { name: 'Add target' }).click()
  await expect(page.getByText('Added an SMS target')).toBeVisible()
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('+14155550100')
  await expect(panel).toContainText('Desk phone')
  expect((await get(host, someone.id)).targets.some((t) => t.identifier === '+14155550100')).toBe(true)
  await page.screenshot({ path: screenshotPath('support-target-added') })

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByText('Reversed: added an SMS target.')).toBeVisible()
  await expect(panel).not.toContainText('+14155550100')
  expect((await get(host, someone.id)).targets.some((t) => t.identifier === '+14155550100')).toBe(false)
  await page.screenshot({ path: screenshotPath('support-target-undone') })

  // Removal says what goes with it before anything happens.
  const email = (await get(host, someone.id)).targets.find((t) => t.providerType === 'email')
  if (email) {
    await panel.getByRole('button', { name: `Remove ${email.identifier}` }).click()
    const confirm = page.getByRole('dialog', { name: `Remove ${email.identifier}?` })
    await expect(confirm).toContainText('topic subscriptions')
    await expect(confirm).toContainText('This cannot be undone')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
  }
})

test('a sign-in link from the template: shown once with copy and expiry, gone from the page when closed', async ({
  page,
  host,
}) => {
  const someone = (await (await demoUsers(host)).list({ queries: [Query.limit(1)] })).users[0]!
  await openUser(page, someone.$id, 'Sign-in')
  await page.getByRole('button', { name: 'Set link template' }).click()
  const form = page.getByRole('dialog', { name: 'Sign-in link template' })
  await field(form, 'Template').fill('https://shop.example.com/magic?secret={secret}')
  await expect(form).toContainText('needs both {userId} and {secret}')
  await field(form, 'Template').fill('https://shop.example.com/magic?user={userId}&secret={secret}')
  await form.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('tabpanel').getByLabel('Sign-in link template')).toHaveText(
    'https://shop.example.com/magic?user={userId}&secret={secret}',
  )

  await field(page, 'Length').fill('24')
  await page.getByRole('button', { name: 'Create token' }).click()
  const shown = page.getByRole('dialog', { name: 'One-time sign-in token' })
  await expect(shown).toContainText('Shown once')
  await expect(shown).toContainText('Expires')
  await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeVisible()
  await expect(shown.getByRole('button', { name: 'Copy link' })).toBeVisible()
  const [secret, link] = await shown.locator('[data-secret]').allInnerTexts()
  expect(secret).toMatch(/^[0-9a-f]{24}$/)
  expect(link).toBe(`https://shop.example.com/magic?user=${someone.$id}&secret=${secret}`)
  await page.screenshot({ path: screenshotPath('support-sign-in-link') })
  await shown.getByRole('button', { name: 'Done' }).click()
  await expect(shown).toBeHidden()
  expect(await page.content()).not.toContain(secret)

  // In privacy mode the secret is blurred for screen sharing, and copying still works.
  await page.keyboard.press('ControlOrMeta+Shift+P')
  await expect(page.locator('html')).toHaveAttribute('data-privacy', 'on')
  await page.getByRole('button', { name: 'Create token' }).click()
  const masked = shown.locator('[data-secret]').first()
  await expect(masked).toHaveCSS('filter', /blur/)
  await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeEnabled()
  await page.screenshot({ path: screenshotPath('support-secret-privacy') })
  await shown.getByRole('button', { name: 'Done' }).click()
  expect(host.core.audit.list({ action: 'signIn.createToken', limit: 1 })[0]).toMatchObject({
    userId: someone.$id,
    after: { length: 24 },
  })
})

test('a secret not yet copied asks before Esc, its × or a click beside it drop it; once copied, or by Done, it closes at once', async ({
  page,
  host,
}) => {
  const { shown, secret } = await tokenShown(page, host)
  const ask = page.getByRole('dialog', { name: 'Close without copying?' })

  // Esc asks, with Keep it open focused; Esc there keeps the secret (and the drawer behind it).
  await page.keyboard.press('Escape')
  await expect(ask).toContainText('It stays valid until it expires')
  await expect(ask.getByRole('button', { name: 'Keep it open' })).toBeFocused()
  await page.screenshot({ path: screenshotPath('support-secret-close-ask') })
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)
  await expect(shown.locator('[data-secret]').first()).toHaveText(secret)
  await expect(page.getByRole('button', { name: 'Close user detail' })).toBeVisible()
  // A click beside it asks too; Discard and close drops it from the page.
  await page.mouse.click(5, 300)
  await ask.getByRole('button', { name: 'Discard and close' }).click()
  await expect(shown).toBeHidden()
  expect(await page.content()).not.toContain(secret)

  // Copied, the clipboard holds it and Esc closes at once.
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(shown.locator('[data-secret]').first()).toBeVisible()
  const [second] = await shown.locator('[data-secret]').allInnerTexts()
  await shown.getByRole('button', { name: 'Copy secret' }).click()
  await expect(shown.getByRole('button', { name: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(second)
  await page.keyboard.press('Escape')
  await expect(shown).toBeHidden()
  await expect(ask).toHaveCount(0)

  // A new secret starts uncopied: its × asks again; Done never asks.
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(shown.locator('[data-secret]').first()).toBeVisible()
  await shown.getByRole('button', { name: 'Close' }).click()
  await expect(ask).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(ask).toHaveCount(0)
  await shown.getByRole('button', { name: 'Done' }).click()
  await expect(shown).toBeHidden()
  await expect(ask).toHaveCount(0)
})

test('a copy the clipboard refuses says so and selects the secret; copied by hand, it closes without asking', async ({
  page,
  host,
}) => {
  const { shown, secret } = await tokenShown(page, host)

  // The clipboard refuses: the button stays as it was.
  await refuseClipboardWrites(page)
  await shown.getByRole('button', { name: 'Copy secret' }).click()
  await expect(shown.getByRole('alert').filter({ hasText: 'clipboard' })).toHaveText(
    'The clipboard did not take the secret. It is selected: press Ctrl/⌘-C to copy it.',
  )
  await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeVisible()
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(secret)
  await page.screenshot({ path: screenshotPath('support-secret-copy-refused') })
  // Nothing was copied yet, so Esc still asks.
  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Close without copying?' })
  await expect(ask).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)

  // Ctrl+C copies the selection, which is still the whole secret: copied by hand, Esc closes at once.
  await page.keyboard.press('Control+C')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
  await page.keyboard.press('Escape')
  await expect(shown).toBeHidden()
  await expect(ask).toHaveCount(0)
})

test('ending a session, or all of them, asks first and says which device; cancelled, nothing ends', async ({
  page,
  host,
}) => {
  const { someone, left } = await withSessions(await demoUsers(host), 2)
  await openUser(page, someone.$id, 'Sessions')
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('2 active sessions')

  await panel.getByRole('button', { name: 'End all sessions' }).click()
  const all = page.getByRole('dialog', { name: /^End all sessions of / })
  await expect(all).toContainText('Appwrite cannot bring a session back')
  await all.getByRole('button', { name: 'Cancel' }).click()
  expect(await left()).toBe(2)

  await panel
    .getByRole('button', { name: /^End session: The session from 127\.0\.0\.1, started / })
    .first()
    .click()
  const one = page.getByRole('dialog', { name: /^End this session of / })
  await expect(one).toContainText('ends: that device is signed out of “Demo project”')
  await page.screenshot({ path: screenshotPath('support-end-session-ask') })
  await one.getByRole('button', { name: 'End session' }).click()
  await expect(panel).toContainText('1 active session.')
  expect(await left()).toBe(1)

  await panel.getByRole('button', { name: 'End all sessions' }).click()
  await page
    .getByRole('dialog', { name: /^End all sessions of / })
    .getByRole('button', { name: 'End all sessions' })
    .click()
  await expect(panel).toContainText('No sessions.')
  expect(await left()).toBe(0)
})

test('from the keyboard: Enter on the end-session question keeps the session; once one ends, the focus stays in the list', async ({
  page,
  host,
}) => {
  const { someone, left } = await withSessions(await demoUsers(host), 3)
  await openUser(page, someone.$id, 'Sessions')
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('3 active sessions')
  const ends = panel.getByRole('button', { name: /^End session: / })
  /** Which End button has the focus (its row's place), or -1. */
  const focusedEnd = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('button[data-session-end]')].indexOf(document.activeElement as Element),
    )

  await ends.nth(1).focus()
  await page.keyboard.press('Enter')
  const ask = page.getByRole('dialog', { name: /^End this session of / })
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(ask).toBeHidden()
  expect(await left()).toBe(3)

  await ends.nth(1).focus()
  await page.keyboard.press('Enter')
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(ask.getByRole('button', { name: 'End session' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(panel).toContainText('2 active sessions')
  // The row below took the ended one's place, and its End button has the focus.
  await expect.poll(focusedEnd).toBe(1)
  await page.screenshot({ path: screenshotPath('support-session-ended-focus') })
  expect(await left()).toBe(2)

  await ends.nth(1).focus()
  await page.keyboard.press('Enter')
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(panel).toContainText('1 active session.')
  // The last row ended: the one above it has the focus.
  await expect.poll(focusedEnd).toBe(0)

  await panel.getByRole('button', { name: 'End all sessions' }).focus()
  await page.keyboard.press('Enter')
  const askAll = page.getByRole('dialog', { name: /^End all sessions of / })
  await expect(askAll.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(askAll.getByRole('button', { name: 'End all sessions' })).toBeFocused()
  // Each notice closes on its own after 5 s: the page's clock stands still while they are counted.
  const clock = await holdPageClock(page)
  await page.keyboard.press('Enter')
  await expect(panel).toContainText('No sessions.')
  await expect(page.getByRole('group', { name: /^Sessions of / })).toBeFocused()
  // One notice for the user's latest change, not one per session ended. A notice taken away leaves
  // once its exit has run (well short of a close).
  await page.clock.runFor(1_000)
  await expect(page.getByRole('alert').filter({ hasText: /^Ended \d+ sessions?/ })).toHaveCount(1)
  await page.screenshot({ path: screenshotPath('support-sessions-all-ended-focus') })
  await clock.resume()
  expect(await left()).toBe(0)
})

test('focus put elsewhere while the sessions reload after an end stays where it was put', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_sessions_focus_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'reloading', apiKey: key, seed: 3 })
  await openSandboxProject(page, host, sandbox, { name: 'Reloading shop', key })
  const { someone } = await withSessions(
    new Users(new Client().setEndpoint(sandbox.url).setProject(sandbox.projectId).setKey(key)),
    2,
  )
  await openUser(page, someone.$id, 'Sessions')
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('2 active sessions')

  // The list's reload after the end is held while the person moves on to Block.
  const reload = sandbox.hold({ match: ({ method, path }) => method === 'GET' && path.endsWith('/sessions') })
  await panel
    .getByRole('button', { name: /^End session: / })
    .first()
    .click()
  const ask = page.getByRole('dialog', { name: /^End this session of / })
  await ask.getByRole('button', { name: 'End session' }).click()
  await expect(ask).toBeHidden()
  await reload.reached(1)
  const block = page.getByRole('dialog').getByRole('button', { name: 'Block', exact: true })
  await block.focus()
  await expect(block).toBeFocused()
  reload.release()
  await expect(panel).toContainText('1 active session.')
  await expect(block).toBeFocused()
})

test('toggle the impersonator flag, see it on the user, filter the list by it', async ({ page, host }) => {
  const someone = (await (await demoUsers(host)).list({ queries: [Query.equal('impersonator', false)] }))
    .users[0]!
  await openUser(page, someone.$id, 'Sign-in')
  const toggle = page.getByRole('switch', { name: 'May impersonate other users' })
  await expect(toggle).not.toBeChecked()
  await toggle.click({ force: true })
  await expect(page.getByText(/may impersonate users/)).toBeVisible()
  await expect(toggle).toBeChecked()
  await expect(page.getByRole('dialog').getByText('Impersonator', { exact: true }).first()).toBeVisible()
  expect((await get(host, someone.$id)).impersonator).toBe(true)
  await page.screenshot({ path: screenshotPath('support-impersonator-on') })
  await page.keyboard.press('Escape')

  await page.getByRole('textbox', { name: 'Search users' }).fill('')
  await page.getByRole('button', { name: /^More filters/ }).click()
  await field(page, 'Impersonator').click()
  await page.getByRole('option', { name: 'Yes', exact: true }).click()
  const expected = await host.dispatch('users.list', {
    project: 'demo',
    limit: 500,
    filters: { impersonator: true },
  })
  const total = expected.ok ? (expected.value as { total: number }).total : -1
  await expect(page.getByTestId('users-count')).toHaveText(new RegExp(`^${total} users?`))
  await expect(rows(page)).toHaveCount(total)
  await page.screenshot({ path: screenshotPath('support-impersonator-filter') })
})

test('a token, a session and a JWT made in the window and by the CLI are found nowhere after', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const events = recordEvents(host)
  const someone = (await (await demoUsers(host)).list({ queries: [Query.limit(3)] })).users[2]!
  await openUser(page, someone.$id, 'Sign-in')
  const secrets: string[] = []
  const make = async (button: string, title: string) => {
    await page.getByRole('button', { name: button }).click()
    const dialog = page.getByRole('dialog', { name: title })
    // allInnerTexts does not wait: the secret arrives after the dialog's request is answered.
    await expect(dialog.locator('[data-secret]').first()).toBeVisible()
    const [secret] = await dialog.locator('[data-secret]').allInnerTexts()
    expect(secret!.length).toBeGreaterThan(5)
    secrets.push(secret!)
    await dialog.getByRole('button', { name: 'Done' }).click()
    // Once, in a full CI run, the JWT dialog stayed open after Done (74 runs of this test alone did
    // not repeat it). Its failure says whether a second secret was made, or Done's click was lost.
    await expect(dialog)
      .toBeHidden()
      .catch((err: Error) => {
        const made = host.core.audit.list({ userId: someone.$id }).map((e) => e.action)
        throw new Error(`${err.message}\nWritten for this user so far: ${made.join(', ')}`)
      })
  }
  await make('Create token', 'One-time sign-in token')
  await make('Create session', 'Session secret')
  await field(page, 'JWT for session').click()
  await page.getByRole('option', { name: 'The most recent' }).click()
  await make('Create JWT', 'JWT')
  await page.screenshot({ path: screenshotPath('support-secrets-closed'), fullPage: true })

  // The CLI, on the same data folder, against a project named by URL.
  const sandbox = await startSandbox({ projectId: 'cli', apiKey: 'cli-key', seed: 5 })
  const cliUsers = new Users(new Client().setEndpoint(sandbox.url).setProject('cli').setKey('cli-key'))
  const userId = (await cliUsers.list({ queries: [Query.limit(1)] })).users[0]!.$id
  const cli = async (args: string[]) => {
    const io = captureIo({ CLI_KEY: 'cli-key' })
    const target = ['--endpoint', sandbox.url, '--project-id', 'cli', '--key-env', 'CLI_KEY']
    expect(await runCli(['--data-dir', dataDir, '--json', ...args, ...target], io)).toBe(0)
    return io.stdout
  }
  const withheld = await cli(['users', 'sign-in', 'token', userId])
  expect(withheld).toContain('"secretOmitted": true')
  for (const kind of ['token', 'session', 'jwt']) {
    const made = JSON.parse(await cli(['users', 'sign-in', kind, userId, '--include-secret'])) as SignInSecret
    secrets.push(made.secret)
  }

  expect(secrets).toHaveLength(6)
  for (const secret of secrets) {
    // The window was meant to receive the window's three (IPC answers are not searched); its DOM,
    // storage, events and every file of the data folder (audit log, logs, registry) must not hold any.
    const places = await findSecret(secret, { page, ipcResults: [], events, dataDir })
    expect(places).toEqual([])
  }
  const files = filesScanned(dataDir)
  expect(files.some((f) => f.endsWith('audit.jsonl'))).toBe(true)
  // The log is among the files scanned whenever anything was logged; it is written only then.
  expect(host.core.audit.list({ userId: someone.$id }).map((e) => e.action)).toEqual([
    'signIn.createJwt',
    'signIn.createSession',
    'signIn.createToken',
  ])
})

test('a user with only a phone is named by it where the Sign-in tab speaks of them', async ({
  page,
  host,
}) => {
  const phoneOnly = await (await demoUsers(host)).create({ userId: 'phone-only', phone: '+14155550188' })
  await openUser(page, phoneOnly.$id, 'Sign-in')
  await expect(page.getByRole('tabpanel')).toContainText('as +14155550188 sees it')
})
