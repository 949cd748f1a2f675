import type { JobView } from '@shared/models/jobs'
import type { UserPage } from '@shared/models'
import { MemorySecretStore } from '../../src/host/projects/secret-store'
import { test, expect, openSandboxProject, screenshotPath } from './fixtures'
import type { Page } from '@playwright/test'
import type { HostInternals } from '../../src/host/host'
import type { RunningSandbox, SandboxOptions } from '../../src/sandbox'

const ANONYMOUS = 6

/**
 * Needs an OS keychain for the restore copies' key (`npm test` runs inside a D-Bus session with an
 * unlocked gnome-keyring); without one, Userdeck asks once more and keeps no copy, which
 * test/unit/bulk covers.
 */
test('select the anonymous users, preview, delete, read the report, undo from Activity, see them back', async ({
  page,
  host,
}) => {
  for (let i = 0; i < ANONYMOUS; i++) {
    const created = await host.dispatch('users.create', { project: 'demo', userId: `anon${i}` })
    if (!created.ok) throw new Error(created.error.message)
  }
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await page
    .locator('input')
    .and(page.getByLabel('Who', { exact: true }))
    .click()
  await page.getByRole('option', { name: 'Anonymous' }).click()
  await expect(page.getByTestId('users-count')).toHaveText(`${ANONYMOUS} users`)

  // A click picks a row, Shift-click the range up to it; the selection bar counts them.
  const picks = page.getByRole('table', { name: 'Users' }).getByRole('checkbox', { name: /^Pick anon/ })
  const bar = page.getByTestId('selection-bar')
  const fifth = await picks.nth(4).boundingBox()
  await picks.nth(1).click()
  // The bar appears over the foot of the list and moves no row: a Shift-click made as it appears
  // lands on the row the person aimed at (a bar above the list pushed the rows 100 px down).
  await expect(bar.getByTestId('selection-count')).toHaveText('1 selected')
  expect(await picks.nth(4).boundingBox()).toEqual(fifth)
  await picks.nth(4).click({ modifiers: ['Shift'] })
  await expect(bar.getByTestId('selection-count')).toHaveText('4 selected')
  await expect(picks.nth(0)).not.toBeChecked()
  await expect(picks.nth(5)).not.toBeChecked()
  // Esc clears; Ctrl/⌘-A picks every loaded row.
  await page.keyboard.press('Escape')
  await expect(bar).toBeHidden()
  await page.keyboard.press('ControlOrMeta+a')
  await expect(bar.getByTestId('selection-count')).toHaveText(`${ANONYMOUS} selected`)
  // "All matching": the list's filters, resolved on the server when the job runs; every bulk action is there.
  await bar.getByRole('button', { name: `Select all ${ANONYMOUS} matching these filters` }).click()
  await expect(bar.getByTestId('selection-count')).toHaveText(`All ${ANONYMOUS} selected`)
  const actions = ['Block', 'Unblock', 'Verification', 'End sessions', 'Delete…']
  for (const action of actions)
    await expect(bar.getByRole('button', { name: action, exact: true })).toBeEnabled()
  // In the smallest window the bar stays one line over the rows: the actions show only their icons,
  // and keep their names.
  const size = page.viewportSize()!
  await page.setViewportSize({ width: 960, height: 600 })
  await expect.poll(async () => (await bar.boundingBox())?.height).toBeLessThan(60)
  for (const action of actions)
    await expect(bar.getByRole('button', { name: action, exact: true })).toBeVisible()
  await page.setViewportSize(size)
  await page.screenshot({ path: screenshotPath('bulk-delete-selection') })
  await bar.getByRole('button', { name: 'Delete…' }).click()

  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading', { name: 'Delete anonymous users' })).toBeVisible()
  await expect(dialog.getByTestId('stat-will-change')).toHaveText(String(ANONYMOUS))
  await expect(dialog.getByTestId('lost')).toContainText('0 sessions')
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByText('anon0')).toBeVisible()
  await page.screenshot({ path: screenshotPath('bulk-delete-preview') })
  // The dry run wrote nothing.
  expect(host.core.audit.list({ action: 'users.delete' })).toHaveLength(0)

  await page.keyboard.press('Control+Enter')
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  await expect(dialog.getByTestId('stat-done')).toHaveText(String(ANONYMOUS))
  await expect(dialog.getByTestId('restore-info')).toContainText(`${ANONYMOUS} users can be brought back`)
  await page.screenshot({ path: screenshotPath('bulk-delete-report') })
  await page.keyboard.press('Escape')
  await expect(page.getByText('No user matches these filters')).toBeVisible()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const activity = page.getByRole('table', { name: 'Activity' })
  await expect(activity.getByText(`Deleted the user · ${ANONYMOUS} users`)).toBeVisible()
  await activity.getByRole('button', { name: 'Undo job' }).first().click()
  // The undo opens at its preview, as every job does: nobody is brought back until it is run.
  await expect(dialog.getByTestId('stat-will-change')).toHaveText(String(ANONYMOUS))
  await dialog.getByRole('button', { name: `Run on ${ANONYMOUS} users` }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  await expect(dialog.getByTestId('stat-done')).toHaveText(String(ANONYMOUS))
  await page.screenshot({ path: screenshotPath('bulk-delete-undone') })
  await page.keyboard.press('Escape')

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await expect(page.getByTestId('users-count')).toHaveText(`${ANONYMOUS} users`)
  for (let i = 0; i < ANONYMOUS; i++) await expect(page.getByText(`No name · anon${i}`)).toBeVisible()
})

test.describe('where no OS keychain is reachable', () => {
  test.use({ secrets: new MemorySecretStore() })

  test('the bulk form says no restore copy can be kept, and deletes only when asked once more', async ({
    page,
    host,
  }) => {
    const listed = await host.dispatch('users.list', { project: 'demo', limit: 1 })
    if (!listed.ok) throw new Error(listed.error.message)
    const someone = (listed.value as UserPage).users[0]!
    await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
    const form = page.getByRole('form', { name: 'Bulk action' })
    await form
      .locator('input')
      .and(form.getByLabel('Action', { exact: true }))
      .click()
    // The form does not promise what it cannot keep.
    await expect(page.getByRole('option', { name: 'Delete users (restorable for 30 days)' })).toHaveCount(0)
    await page.getByRole('option', { name: 'Delete users (no restore copy: no keychain)' }).click()
    await expect(form).toContainText('no restore copy can be kept and the job cannot be undone')
    await form
      .locator('input')
      .and(form.getByLabel('On', { exact: true }))
      .click()
    await page.getByRole('option', { name: 'These user ids' }).click()
    await form.getByLabel('User ids').fill(someone.id)

    // Asked once more; keeping them plans nothing.
    await form.getByRole('button', { name: 'Preview' }).click()
    const ask = page.getByRole('dialog', { name: 'No restore copy can be kept' })
    await expect(ask).toContainText('could not be brought back by undo')
    await expect(ask.getByRole('button', { name: 'Delete without a copy' })).toBeVisible()
    await page.screenshot({ path: screenshotPath('bulk-delete-no-keychain'), animations: 'disabled' })
    await ask.getByRole('button', { name: 'Keep them' }).click()
    await expect(ask).toBeHidden()
    const none = await host.dispatch('jobs.list', {})
    expect(none.ok && none.value).toEqual([])

    await form.getByRole('button', { name: 'Preview' }).click()
    await ask.getByRole('button', { name: 'Delete without a copy' }).click()
    const dialog = page.getByRole('dialog', { name: `Delete user ${someone.id}` })
    await expect(dialog.getByText('Deleted for good: no restore copy is kept.')).toBeVisible()
    await page.keyboard.press('Control+Enter')
    await expect(dialog.getByTestId('job-state')).toHaveText('completed')
    expect((await host.dispatch('users.get', { project: 'demo', userId: someone.id })).ok).toBe(false)
  })
})

/**
 * A delete planned over a sandbox project's 60 users, its preview open with the dry run held after ten
 * users' reads: it counts what each user would lose, their sessions first among it.
 */
async function deletePreviewHeld(
  page: Page,
  host: HostInternals,
  startSandbox: (options: SandboxOptions) => Promise<RunningSandbox>,
  projectId: string,
) {
  const key = `e2e_delete_${projectId}_key_0123456789`
  const sandbox = await startSandbox({ projectId, apiKey: key, seed: 60 })
  await openSandboxProject(page, host, sandbox, { name: `Shop ${projectId}`, key, tag: 'staging' })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: 'Delete users (restorable for 30 days)' }).click()
  const hold = sandbox.hold({
    after: 10,
    match: ({ method, path }) => method === 'GET' && /\/sessions$/.test(path),
  })
  await form.getByRole('button', { name: 'Preview' }).click()
  await hold.reached()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('preview-progress')).toHaveText('10 of 60 users read so far')
  return { hold, dialog }
}

test('a delete’s dry run, once it has listed the users, says how many of them it has read', async ({
  page,
  host,
  startSandbox,
}) => {
  const { hold, dialog } = await deletePreviewHeld(page, host, startSandbox, 'deleting')
  hold.release()
  await expect(dialog.getByTestId('stat-users')).toHaveText('60')
})

test('closing a delete’s preview while its dry run reads the users stops the dry run; opened again, it reads them afresh', async ({
  page,
  host,
  startSandbox,
}) => {
  const { hold, dialog } = await deletePreviewHeld(page, host, startSandbox, 'closing')
  const jobs = await host.dispatch('jobs.list', {})
  const jobId = (jobs.ok ? (jobs.value as JobView[])[0]!.id : '') as string
  // The host's answer to the dry run the window asked for, seen from here: stopped, not finished.
  const asked = host.dispatch('jobs.preview', { jobId })
  // The stop the window sends is seen arriving (and then carried out as ever), before the reads held
  // are let go: let go first, they could end the dry run before the stop reached the host.
  const engine = host.services.jobs
  const stop = engine.stopPreview.bind(engine)
  const stopAsked = new Promise<string>((resolve) => {
    engine.stopPreview = (id: string) => {
      const view = stop(id)
      resolve(id)
      return view
    }
  })

  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(await stopAsked).toBe(jobId)
  // The reads in flight are answered; had the dry run not been stopped, it would now read the rest.
  hold.release()
  const answer = await asked
  expect(answer.ok || answer.error.code).toBe('cancelled')

  // Opened again from the list, the dry run runs whole.
  await page.getByRole('table', { name: 'Jobs' }).getByRole('button', { name: 'Preview' }).click()
  await expect(page.getByRole('dialog').getByTestId('stat-users')).toHaveText('60')
})
