import type { RunningSandbox } from '../../src/sandbox'
import type { JobView } from '@shared/models/jobs'
import type { Host } from '../../src/host/host'
import {
  test,
  expect,
  addSandboxProject,
  chooseProject,
  reloadWindow,
  screenshotPath,
  type SandboxProject,
} from './fixtures'

const KEY = 'e2e_safe_mode_key_0123456789'

function addProject(
  host: Host,
  sandbox: RunningSandbox,
  name: string,
  extra: Omit<SandboxProject, 'name' | 'key'>,
) {
  return addSandboxProject(host, sandbox, { name, key: KEY, ...extra })
}

test('the current project is part of the window frame: production cannot be mistaken for staging', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'shop', apiKey: KEY, seed: 40 })
  await addProject(host, sandbox, 'Shop', { tag: 'production', colour: 'red' })
  await addProject(host, sandbox, 'Shop staging', { tag: 'staging', colour: 'yellow' })
  await reloadWindow(page)

  await chooseProject(page, 'Shop')
  const frame = page.getByRole('status', { name: /^Current project:/ })
  await expect(frame).toHaveAccessibleName('Current project: Shop, production, safe mode confirm every write')
  await expect(frame).toContainText('Shop')
  await expect(frame).toContainText('production')
  await expect(frame).toContainText('confirms writes')
  // In the project's colour, wide enough to read across a room: red, white text.
  const style = await frame.evaluate((el) => {
    const s = getComputedStyle(el)
    return { background: s.backgroundColor, color: s.color, width: el.getBoundingClientRect().width }
  })
  expect(style.background).toBe('rgb(240, 62, 62)')
  expect(style.color).toBe('rgb(255, 255, 255)')
  expect(style.width).toBeGreaterThan(page.viewportSize()!.width - 20)
  await expect(page.getByRole('table').getByRole('row').nth(5)).toBeVisible()
  await page.screenshot({ path: screenshotPath('frame-production') })

  await chooseProject(page, 'Shop staging')
  await expect(frame).toHaveAccessibleName('Current project: Shop staging, staging, safe mode off')
  await expect(frame).not.toContainText('confirms writes')
  expect(await frame.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(245, 159, 0)')
  await page.screenshot({ path: screenshotPath('frame-staging') })
})

test('confirm every write: a password change and the undo of a job each ask once, naming the project and the change', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'shop', apiKey: KEY, seed: 30 })
  const shop = await addProject(host, sandbox, 'Shop', { tag: 'production', colour: 'red' })
  expect(shop.safeMode).toBe('confirm')
  const user = [...sandbox.store.users.values()].find((u) => u.status && u.email)!
  const passwordBefore = user.password
  await reloadWindow(page)
  await chooseProject(page, 'Shop')

  await page.getByRole('textbox', { name: 'Search users' }).fill(user.email!)
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2)
  await page.getByRole('table').getByRole('row').nth(1).dblclick()
  await page.getByRole('textbox', { name: 'New password' }).fill('a-brand-new-password')
  await page.getByRole('button', { name: 'Set password' }).click()

  const ask = page.getByRole('dialog', { name: 'Confirm a change on Shop' })
  await expect(ask).toBeVisible()
  await expect(ask.getByTestId('confirm-write-what')).toHaveText(
    `Set a new password for ${user.name}. The old one cannot be brought back.`,
  )
  await expect(ask.getByRole('status', { name: /^Current project: Shop, production/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('safe-mode-password-ask') })
  // Cancel writes nothing; the host refused the unconfirmed request before Appwrite saw it.
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(ask).toBeHidden()
  expect(sandbox.store.getUser(user.$id)!.password).toBe(passwordBefore)
  expect(host.core.audit.list({ action: 'users.updatePassword' })).toHaveLength(0)

  await page.getByRole('button', { name: 'Set password' }).click()
  await ask.getByRole('button', { name: 'Confirm on Shop' }).click()
  await expect(ask).toBeHidden()
  // The audit entry is written once the server has answered, after the password changed there:
  // waiting on the server's side alone, the check of the entry could come before it.
  await expect.poll(() => host.core.audit.list({ action: 'users.updatePassword' })).toHaveLength(1)
  expect(sandbox.store.getUser(user.$id)!.password).not.toBe(passwordBefore)
  await page.keyboard.press('Escape')

  // A label job on Shop, confirmed at its start; then its undo from Activity, confirmed by its Run.
  const ids = [...sandbox.store.users.values()].slice(0, 6).map((u) => u.$id)
  const planned = await host.dispatch('labels.bulk', {
    project: shop.id,
    selection: { ids },
    op: 'add',
    labels: ['refund'],
  })
  if (!planned.ok) throw new Error(planned.error.message)
  const job = planned.value as JobView
  const done = new Promise<void>((resolve) =>
    host.events.subscribe((event, payload) => {
      const view = payload as { id: string; state: string }
      if (event === 'jobs.changed' && view.id === job.id && view.state === 'completed') resolve()
    }),
  )
  const started = await host.dispatch('jobs.start', { jobId: job.id, confirm: 'Shop' })
  expect(started.ok).toBe(true)
  await done
  for (const id of ids) expect(sandbox.store.getUser(id)!.labels).toContain('refund')

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const activity = page.getByRole('table', { name: 'Activity' })
  await activity.getByRole('button', { name: 'Undo job' }).first().click()
  // The undo opens at its preview, and its Run is the project's one confirmation: no second question.
  const jobDialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
  await expect(jobDialog.getByTestId('stat-will-change')).toHaveText('6')
  await page.screenshot({ path: screenshotPath('safe-mode-undo-job-ask') })
  expect(host.core.audit.list({ action: 'undo labels.add' })).toHaveLength(0)
  await jobDialog.getByRole('button', { name: 'Run on 6 users' }).click()
  await expect(ask).toBeHidden()
  await expect(jobDialog.getByTestId('job-state')).toHaveText('completed')
  await expect(jobDialog.getByTestId('stat-done')).toHaveText('6')
  for (const id of ids) expect(sandbox.store.getUser(id)!.labels).not.toContain('refund')
  await page.screenshot({ path: screenshotPath('safe-mode-undo-job-done') })
})

test('a read-only project says where its guard is lowered: on its card, and on the Users screen', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'locked', apiKey: KEY, seed: 3 })
  const locked = await addProject(host, sandbox, 'Locked shop', { tag: 'staging' })
  const set = await host.dispatch('projects.update', { project: locked.id, safeMode: 'read-only' })
  expect(set.ok).toBe(true)
  await reloadWindow(page)
  const why =
    '"Locked shop" is read-only in Userdeck. To change users, lower its safe mode: Edit, on its card under Projects.'
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await expect(page.getByRole('listitem', { name: 'Locked shop' }).getByText(why)).toBeVisible()
  await chooseProject(page, 'Locked shop')
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await expect(page.getByRole('button', { name: 'New user' })).toHaveAccessibleDescription(why)
})
