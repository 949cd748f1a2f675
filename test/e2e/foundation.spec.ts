import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { channelNames } from '@shared/contract'
import { openChromiumShell } from '../../src/chromium/shell'
import { createHost, type Host } from '../../src/host/host'
import { MemorySecretStore } from '../../src/host/projects/secret-store'
import { test, expect, shellTestOptions, screenshotPath } from './fixtures'
import { keptAsIn } from '../unit/helpers/kept-as'

test('the window shows the demo project and its first page of users', async ({ page }) => {
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Demo project')
  const table = page.getByRole('table', { name: 'Users' })
  await expect(table).toBeVisible()
  // The table is virtual (only rows in view are in the DOM); the first page holds 100 of the 120.
  await expect(page.getByTestId('users-count')).toHaveText('120 users · 100 loaded')
  await expect(page.getByText(/120 users/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('foundation-users'), fullPage: true })
})

test('the window asks for its first page of users once (the screen takes over the page asked for at start), and for app.info once', async ({
  host,
  chromium,
}) => {
  const asked: string[] = []
  const counting: Host = {
    dispatch: ((channel: string, input: unknown) => {
      asked.push(channel)
      return host.dispatch(channel, input)
    }) as Host['dispatch'],
    events: host.events,
    close: async () => undefined,
  }
  const shell = await openChromiumShell({
    host: counting,
    running: chromium,
    ...shellTestOptions,
  })
  try {
    await expect(shell.page.getByTestId('users-count')).toHaveText('120 users · 100 loaded')
    expect(asked.filter((c) => c === 'users.list')).toHaveLength(1)
    // Two banners read it (the keychain's, the kept-aside files'); they share one ask.
    await expect.poll(() => asked.filter((c) => c === 'app.info').length).toBeGreaterThan(0)
    expect(asked.filter((c) => c === 'app.info')).toHaveLength(1)
  } finally {
    await shell.close()
  }
})

test('the window draws its frame without waiting on a first page of users that does not come, then shows it', async ({
  host,
  chromium,
}) => {
  // The window waits a moment for that page so its first frame shows the rows; a server that does not
  // answer (held here until the test lets it go, however fast the machine) must not keep it blank.
  let answer!: () => void
  const held = new Promise<void>((resolve) => (answer = resolve))
  const holding: Host = {
    dispatch: (async (channel: string, input: unknown) => {
      if (channel === 'users.list') await held
      return host.dispatch(channel, input)
    }) as Host['dispatch'],
    events: host.events,
    close: async () => undefined,
  }
  const shell = await openChromiumShell({ host: holding, running: chromium, ...shellTestOptions })
  try {
    await expect(shell.page.getByRole('button', { name: 'Search every project' })).toBeVisible()
    await expect(shell.page.getByTestId('users-count')).toHaveText('Loading…')
    answer()
    await expect(shell.page.getByTestId('users-count')).toHaveText('120 users · 100 loaded')
    await expect(shell.page.getByRole('table', { name: 'Users' }).getByRole('row')).not.toHaveCount(0)
  } finally {
    answer()
    await shell.close()
  }
})

test('a data file found damaged at start is named in the window, with where it was kept', async ({
  dataDir,
  chromium,
}) => {
  writeFileSync(join(dataDir, 'projects.json'), '{"version": 1, "proj')
  const host = await createHost({
    dataDir,
    shell: 'chromium',
    demo: { seed: 20 },
    secrets: new MemorySecretStore(),
  })
  const shell = await openChromiumShell({ host, running: chromium, ...shellTestOptions })
  try {
    const keptAs = keptAsIn(dataDir, 'projects.json')
    const banner = shell.page.getByRole('alert').filter({ hasText: 'A damaged data file was set aside' })
    await expect(banner).toContainText(
      `The list of projects could not be read, so Userdeck goes on without it.`,
    )
    await expect(banner).toContainText(keptAs)
    // The window works all the same: the demo project and its users.
    await expect(shell.page.getByTestId('users-count')).toHaveText('20 users')
    await shell.page.screenshot({ path: screenshotPath('kept-aside-banner') })
    await banner.getByRole('button', { name: 'Dismiss' }).click()
    await expect(banner).toBeHidden()
  } finally {
    await shell.close()
    await host.close()
  }
})

test('a job record found damaged while the window is open is named in the banner too', async ({
  dataDir,
  page,
}) => {
  await expect(page.getByTestId('users-count')).toHaveText('120 users · 100 loaded')
  // As another process (the CLI) would leave it: a job's folder whose record was cut short on disk.
  const id = '20261205060000-0a1b2c'
  mkdirSync(join(dataDir, 'jobs', id), { recursive: true, mode: 0o700 })
  writeFileSync(join(dataDir, 'jobs', id, 'job.json'), `{"id": "${id}", "kind": "lab`)
  // The Jobs screen lists the jobs, which reads the new folder's record.
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const banner = page.getByRole('alert').filter({ hasText: 'A damaged data file was set aside' })
  await expect(banner).toContainText(
    `The record of the job ${id} could not be read, so Userdeck goes on without it.`,
  )
  const keptAs = keptAsIn(join(dataDir, 'jobs', id), 'job.json')
  await expect(banner).toContainText(keptAs)
  await page.screenshot({ path: screenshotPath('kept-aside-banner-job-record') })
})

test('the first load is the Users screen alone, in a few files; Overview, Import and Activity load when opened', async ({
  shell,
}) => {
  const scripts: { name: string; bytes: Promise<number> }[] = []
  // The new page's own fetches, from before it navigates: the fixture's page shares the context.
  shell.context.once('page', (opened) =>
    opened.on('response', (response) => {
      const name = new URL(response.url()).pathname.split('/').pop() ?? ''
      if (name.endsWith('.js')) scripts.push({ name, bytes: response.body().then((b) => b.length) })
    }),
  )
  const page = await shell.openPage()
  await expect(page.getByTestId('users-count')).toHaveText('120 users · 100 loaded')
  const first = scripts.map((s) => s.name)
  const firstBytes = (await Promise.all(scripts.map((s) => s.bytes))).reduce((a, b) => a + b, 0)
  // The budget #18 set for the first load (minified, not gzipped), and a handful of requests: what
  // every screen shares is grouped with the entry rather than fetched as dozens of small chunks.
  expect(firstBytes).toBeLessThanOrEqual(600_000)
  expect(first.length).toBeLessThanOrEqual(5)
  for (const heavy of ['overview-screen', 'import-screen', 'activity-screen'])
    expect(first.filter((name) => name.startsWith(`${heavy}-`))).toEqual([])

  for (const [screen, chunk] of [
    ['Overview', 'overview-screen'],
    ['Import', 'import-screen'],
    ['Activity', 'activity-screen'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Screens' }).getByText(screen, { exact: true }).click()
    await expect(page.getByRole('heading', { name: screen }).first()).toBeVisible()
    expect(scripts.some((s) => s.name.startsWith(`${chunk}-`))).toBe(true)
  }
})

test('search narrows the list through the contract', async ({ page, host }) => {
  const first = await host.dispatch('users.list', { project: 'demo', limit: 1 })
  if (!first.ok) throw new Error(first.error.message)
  const someone = (first.value as { users: { id: string; email: string }[] }).users[0]!
  // An id is one search token that no other user shares.
  await page.getByRole('textbox', { name: 'Search users' }).fill(someone.id)
  const rows = page.getByRole('table', { name: 'Users' }).getByRole('row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1)).toContainText(someone.email)
})

test('the page has no Node and exactly the contract on window.userdeck', async ({ page }) => {
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    buffer: typeof (window as unknown as { Buffer?: unknown }).Buffer,
    ipc: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    bindings: Object.keys(window).filter((k) => k.startsWith('__userdeck')),
    api: Object.fromEntries(
      Object.entries(window.userdeck).map(([k, v]) => [
        k,
        typeof v === 'function' ? 'function' : Object.keys(v as object).sort(),
      ]),
    ),
  }))
  expect(globals).toMatchObject({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    buffer: 'undefined',
    ipc: 'undefined',
  })
  expect(globals.bindings).toEqual([])
  const expected: Record<string, unknown> = { on: 'function' }
  for (const channel of channelNames) {
    const [ns, method] = channel.split('.') as [string, string]
    expected[ns] = [...((expected[ns] as string[] | undefined) ?? []), method].sort()
  }
  expect(globals.api).toEqual(expected)
})

test('main validates what the page sends', async ({ page }) => {
  const result = await page.evaluate(() =>
    (window.userdeck.users.list as (i: unknown) => Promise<unknown>)({ project: 'demo', limit: 'lots' }),
  )
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'limit' } })
})

test("the switcher's tooltip gives way to its list: no project is hidden under it", async ({ page }) => {
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await switcher.hover()
  const tooltip = page.getByRole('tooltip').filter({ hasText: 'Appwrite' })
  await expect(tooltip).toBeVisible()
  await switcher.click()
  await expect(page.getByRole('option', { name: 'Demo project' })).toBeVisible()
  await expect(tooltip).toHaveCount(0)
})

test('? lists the keyboard shortcuts, and so does the header button', async ({ page }) => {
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  await page.locator('body').press('Shift+?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('table', { name: 'Anywhere, in a text box too' })).toContainText(
    'Search users in every project',
  )
  await expect(dialog.getByRole('table', { name: 'Users' })).toContainText('Open the user')
  await expect(dialog.getByRole('table', { name: 'Go to a screen, outside a text box' })).toContainText(
    'G then AActivity',
  )
  await page.screenshot({ path: screenshotPath('keyboard-shortcuts') })
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  // On a checkbox, ? is no text: the list opens.
  const pickAll = page.getByRole('checkbox', { name: 'Pick every loaded user' })
  await pickAll.check()
  await expect(pickAll).toBeFocused()
  await page.keyboard.press('Shift+?')
  await expect(dialog).toBeVisible()
  await page.screenshot({ path: screenshotPath('keyboard-shortcuts-from-checkbox') })
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  // Typed into a text box, ? is a question mark.
  const search = page.getByRole('textbox', { name: 'Search users' })
  await search.press('Shift+?')
  await expect(search).toHaveValue('?')
  await expect(dialog).toHaveCount(0)
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  await expect(dialog).toBeVisible()
})

test('the project switcher is a combobox: open, its keys choose a project and the shortcuts wait', async ({
  page,
}) => {
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await expect(switcher).toHaveAttribute('aria-expanded', 'false')
  await switcher.focus()
  await page.keyboard.press('Enter')
  await expect(switcher).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByRole('option', { name: 'Demo project' })).toBeVisible()
  // Open, it marks the current project, and its arrows move through the list, as a select's do.
  await expect(page.getByRole('option', { name: 'Demo project' })).toHaveAttribute('data-combobox-selected')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('option', { name: 'Add project…' })).toHaveAttribute('data-combobox-selected')
  // Open, G then A and ? are keys for the list, not the window's: no screen changes, no help opens.
  const current = page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current=page]')
  for (const key of ['g', 'a', 'Shift+?']) await page.keyboard.press(key)
  await expect(current).toHaveText('Users')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(switcher).toHaveAttribute('aria-expanded', 'false')
  // Closed, the switcher is a control like a button: the shortcuts work from it.
  await expect(switcher).toBeFocused()
  await page.keyboard.press('Shift+?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await page.keyboard.press('Escape')
  // Closed, Down opens it on the current project; Down again to "Add project…", and Enter picks it
  // as a click would.
  await switcher.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(switcher).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByRole('dialog', { name: 'Add a project' })).toBeVisible()
})

test('the sidebar is links: Tab reaches one, Enter opens its screen, which it marks current', async ({
  page,
}) => {
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  const jobs = sidebar.getByRole('link', { name: 'Jobs', exact: true })
  await expect(jobs).toBeVisible()
  await jobs.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Jobs', exact: true })).toBeVisible()
  await expect(jobs).toHaveAttribute('aria-current', 'page')
  await expect(sidebar.locator('[aria-current=page]')).toHaveCount(1)
  // The focus went on to the screen it opened, its title; Shift-Tab goes back to the sidebar's last
  // link, and on up, past Activity, Jobs and Import, to Labels.
  await expect(page.getByRole('heading', { name: 'Jobs', exact: true })).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(sidebar.getByRole('link', { name: 'Projects', exact: true })).toBeFocused()
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab')
  const labels = sidebar.getByRole('link', { name: 'Labels', exact: true })
  await expect(labels).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Labels', exact: true })).toBeVisible()
  await expect(labels).toHaveAttribute('aria-current', 'page')
  await expect(jobs).not.toHaveAttribute('aria-current', 'page')
  await page.screenshot({ path: screenshotPath('sidebar-keyboard') })
})

test('G then a letter goes to a screen; typed into a text box, it is text', async ({ page }) => {
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  const current = page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current=page]')
  /** Keys pressed one after another, outside any text box. */
  const press = async (...keys: string[]) => {
    for (const key of keys) await page.locator('body').press(key)
  }
  await press('g', 'a')
  await expect(current).toHaveText('Activity')
  await press('g', 'p')
  await expect(current).toHaveText('Projects')
  // G then a key that is no screen's, then a screen's: the sequence ended with the first.
  await press('g', 'x', 'u')
  await expect(current).toHaveText('Projects')
  // A radio (the segmented control's) takes no typing: from it, G then a letter goes.
  await press('g', 'o')
  await page.getByText('All projects', { exact: true }).click()
  await expect(page.getByRole('radio', { name: 'All projects' })).toBeFocused()
  await page.keyboard.press('g')
  await page.keyboard.press('p')
  await expect(current).toHaveText('Projects')
  await press('g', 'u')
  await expect(current).toHaveText('Users')
  const search = page.getByRole('textbox', { name: 'Search users' })
  await search.press('g')
  await search.press('a')
  await expect(search).toHaveValue('ga')
  await expect(current).toHaveText('Users')
})
