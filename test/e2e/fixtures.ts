import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHostInternals, type Host, type HostInternals } from '../../src/host/host'
import {
  launchChromium,
  openChromiumShell,
  type ChromiumShell,
  type RunningChromium,
} from '../../src/chromium/shell'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox'
import type { SecretStore } from '../../src/host/projects/secret-store'
import type { JobView } from '@shared/models/jobs'
import type { ProjectTag, ProjectView } from '@shared/models'
import { PATIENT_KEYCHAIN_MS } from '../unit/helpers/keychain'

/**
 * Each test gets a fresh data folder, a host with the demo project, and the built renderer open in
 * Chromium through the shell — the same bridge `npm run start:chromium` uses. Chromium itself starts
 * once per worker; each test has a browser context of its own, which shares no storage with another.
 */
export interface AppFixtures {
  /** The host's secret store; unset, the OS keychain (`test.use` a MemorySecretStore for none). */
  secrets: SecretStore | undefined
  dataDir: string
  host: HostInternals
  shell: ChromiumShell
  page: ChromiumShell['page']
  /**
   * Starts an Appwrite sandbox for this test, on a free port and quiet unless told otherwise; every
   * one started is closed when the test ends, however it ends, before the host is.
   */
  startSandbox: (options: SandboxOptions) => Promise<RunningSandbox>
}

export const test = base.extend<AppFixtures, { chromium: RunningChromium }>({
  chromium: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const running = await launchChromium()
      await use(running)
      await running.browser.close()
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'userdeck-e2e-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },
  secrets: [undefined, { option: true }],
  host: async ({ dataDir, secrets }, use) => {
    const host = await createHostInternals({
      dataDir,
      shell: 'chromium',
      demo: { seed: 120 },
      // The keychain is asked whether it answers at all: a suite starting beside a just-started
      // gnome-keyring on a busy machine has seen it take longer than the app's 2 s.
      ...(secrets ? { secrets } : { keychainProbe: { timeoutMs: PATIENT_KEYCHAIN_MS } }),
    })
    await use(host)
    await host.close()
  },
  shell: async ({ host, chromium }, use) => {
    const shell = await openChromiumShell({ host, running: chromium, ...shellTestOptions })
    await use(shell)
    await shell.close()
  },
  // A test starts once the window is drawn: a key pressed before that is lost (see `windowDrawn`).
  page: async ({ shell }, use) => {
    await windowDrawn(shell.page)
    await use(shell.page)
  },
  startSandbox: async ({ host }, use) => {
    // Set up after the host so that it is torn down before it, as a test's own `finally` did: closing
    // drops the requests a test held, so no job's call is left waiting while the host closes.
    void host
    const started: RunningSandbox[] = []
    await use(async (options) => {
      const sandbox = await startSandbox({ port: 0, quiet: true, ...options })
      started.push(sandbox)
      return sandbox
    })
    await Promise.all(started.map((s) => s.close()))
  },
})

export { expect }

/**
 * What every shell a test opens is opened with, spread into `openChromiumShell`'s options:
 *  - the renderer it serves: USERDECK_RENDERER_DIR lets parallel work build into its own folder
 *    instead of out/;
 *  - reduced motion, which the app honours, so dialogs and menus appear at once. Animated, a dialog
 *    could still be moving in when a test clicked its button: on a machine under stress-ng a click
 *    on "Confirm" landed where the button had been a frame before, and the dialog waited for good.
 */
export const shellTestOptions: { rendererDir?: string; reducedMotion: 'reduce' } = {
  ...(process.env.USERDECK_RENDERER_DIR ? { rendererDir: process.env.USERDECK_RENDERER_DIR } : {}),
  reducedMotion: 'reduce',
}

/**
 * Waits until the window's frame is drawn. The window asks for its projects before React draws
 * anything (start-window.ts), so until then no shortcut is listened for: a key pressed right after
 * the page loaded can be lost. On a busy machine "G then A" pressed first thing in a test was.
 */
export async function windowDrawn(page: ChromiumShell['page']): Promise<void> {
  await expect(page.getByRole('button', { name: 'Search every project' })).toBeVisible()
}

/** Reloads the window and waits until its frame is drawn. */
export async function reloadWindow(page: ChromiumShell['page']): Promise<void> {
  await page.reload()
  await windowDrawn(page)
}

/** Screenshots go under test-results/, where CI keeps them and a person can look. */
export function screenshotPath(name: string): string {
  return join('test-results', 'screenshots', `${name}.png`)
}

/** How a test names a sandbox it adds as a project: the sandbox gives the endpoint and project id. */
export interface SandboxProject {
  name: string
  key: string
  tag?: ProjectTag
  colour?: string
}

/** Adds a sandbox to the host as a stored project, as the Add project form would; answers it. */
export async function addSandboxProject(
  host: Host,
  sandbox: RunningSandbox,
  project: SandboxProject,
): Promise<ProjectView> {
  const added = await host.dispatch('projects.add', {
    ...project,
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
  })
  if (!added.ok) throw new Error(added.error.message)
  return added.value as ProjectView
}

/** The Users table's rows of people (its header row left out). */
export const userRows = (page: ChromiumShell['page']) =>
  page.getByRole('table', { name: 'Users' }).locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])')

/** The user drawer: the dialog holding a user's tabs (a question asked over it is another dialog). */
export const userDrawer = (page: ChromiumShell['page']) =>
  page.getByRole('dialog').filter({ has: page.getByRole('tab', { name: 'Overview' }) })

/**
 * Finds one user by id in the current project's list and opens their drawer, as a person would. The
 * row waited for is theirs: a list already showing one row (the last search by id) is not the answer.
 */
export async function openUserById(page: ChromiumShell['page'], userId: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Search users' }).fill(userId)
  const row = userRows(page).and(page.locator(`[data-user-id="${userId}"]`))
  await expect(row).toBeVisible()
  await expect(userRows(page)).toHaveCount(1)
  await row.dblclick()
}

/** Esc on a user's drawer that holds edits not saved, then Discard and close: the drawer is gone. */
export async function discardAndCloseDrawer(page: ChromiumShell['page']): Promise<void> {
  await page.keyboard.press('Escape')
  await page
    .getByRole('dialog', { name: 'Discard your changes?' })
    .getByRole('button', { name: 'Discard and close' })
    .click()
  await expect(page.getByRole('button', { name: 'Close user detail' })).toHaveCount(0)
}

/** Opens a project from the switcher, and waits until the window's frame names it. */
export async function chooseProject(page: ChromiumShell['page'], name: string): Promise<void> {
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await switcher.click()
  await page.getByRole('option', { name, exact: true }).click()
  await expect(switcher).toContainText(name)
}

/** The Add a project form's four fields, filled in the order a person fills them. */
export async function fillProjectForm(
  form: Locator,
  fields: { name: string; endpoint: string; projectId: string; key: string },
): Promise<void> {
  await form.getByLabel('Name').fill(fields.name)
  await form.getByLabel('Endpoint').fill(fields.endpoint)
  await form.getByLabel('Project ID').fill(fields.projectId)
  await form.getByLabel('API key').fill(fields.key)
}

/**
 * A sandbox added behind the window's back and opened in it: the window learns of a project it did
 * not add itself when it is reloaded.
 */
export async function openSandboxProject(
  page: ChromiumShell['page'],
  host: Host,
  sandbox: RunningSandbox,
  project: SandboxProject,
): Promise<ProjectView> {
  const added = await addSandboxProject(host, sandbox, project)
  await reloadWindow(page)
  await chooseProject(page, project.name)
  return added
}

/**
 * A sandbox added to the host as a staging project, and a job that labels every one of its users,
 * planned but not started: the job the tests of pausing and resuming stop part-way.
 */
export async function plannedLabelJob(
  host: HostInternals,
  sandbox: RunningSandbox,
  { name, key, label }: { name: string; key: string; label: string },
): Promise<JobView> {
  const added = await addSandboxProject(host, sandbox, { name, key, tag: 'staging', colour: 'orange' })
  const planned = await host.dispatch('labels.bulk', {
    project: added.id,
    selection: { all: true },
    op: 'add',
    labels: [label],
  })
  if (!planned.ok) throw new Error(planned.error.message)
  return planned.value as JobView
}

/**
 * Notifications close on their own after a few seconds. The page's clock stands still from here until
 * `resume()`, so a busy machine cannot make one vanish before the test has read it and clicked in it.
 */
export async function holdPageClock(page: Page): Promise<{ resume(): Promise<void> }> {
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 5_000))
  return { resume: () => page.clock.resume() }
}

/**
 * From here the page's clipboard refuses every write, as a policy or a window without focus makes it
 * (headless Chromium cannot be made to refuse for real); reads still work, so a copy by hand can be
 * read back once the context may read.
 */
export async function refuseClipboardWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'))
  })
}
