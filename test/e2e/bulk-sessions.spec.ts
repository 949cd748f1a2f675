import { Client, Users } from 'node-appwrite'
import { test, expect, openSandboxProject, screenshotPath } from './fixtures'

const KEY = 'e2e_sessions_key_0123456789'

test('bulk session kill and lock-out: preview, progress with pause and resume, report, undo of the block', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'slow', apiKey: KEY, seed: 150 })
  const users = new Users(new Client().setEndpoint(sandbox.url).setProject('slow').setKey(KEY))
  const active = [...sandbox.store.users.values()].filter((u) => u.status).map((u) => u.$id)
  await Promise.all(active.map((userId) => users.createSession({ userId })))
  await openSandboxProject(page, host, sandbox, {
    name: 'Slow shop',
    key: KEY,
    tag: 'production',
    colour: 'orange',
  })

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: 'End all sessions' }).click()
  await form.getByRole('button', { name: 'Preview' }).click()

  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText(String(active.length), {
    timeout: 30_000,
  })
  // Production: nothing runs until the project's name is typed (main checks it again).
  const run = dialog.getByRole('button', { name: /Run on/ })
  await expect(run).toBeDisabled()
  await dialog.getByRole('textbox', { name: 'Project name to confirm' }).fill('Slow sho')
  await expect(run).toBeDisabled()
  await dialog.getByRole('textbox', { name: 'Project name to confirm' }).fill('Slow shop')
  await page.screenshot({ path: screenshotPath('bulk-sessions-preview') })
  // The server ends 20 users' sessions, then holds the rest until released: the job is running,
  // part-way, for as long as the test needs, however fast the machine.
  const hold = sandbox.hold({ after: 20, match: ({ method }) => method === 'DELETE' })
  await run.click()
  await hold.reached()
  await expect(dialog.getByTestId('job-state')).toHaveText('running')
  await dialog.getByRole('button', { name: 'Pause' }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('paused')
  await page.screenshot({ path: screenshotPath('bulk-sessions-paused') })
  await dialog.getByRole('button', { name: 'Resume' }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('running')
  hold.release()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 120_000 })
  await expect(dialog.getByTestId('stat-done')).toHaveText(String(active.length))
  await page.screenshot({ path: screenshotPath('bulk-sessions-report') })
  for (const id of active) expect(sandbox.store.sessions.forUser(id)).toHaveLength(0)
  // Ended sessions are final: no undo offered.
  await expect(dialog.getByRole('button', { name: 'Undo this job' })).toHaveCount(0)
  await page.keyboard.press('Escape')

  // Lock out the users with one label, then undo the block.
  const target = active.slice(0, 5)
  for (const id of target) await users.updateLabels({ userId: id, labels: ['contractor'] })
  await Promise.all(target.map((userId) => users.createSession({ userId })))
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: /Lock out/ }).click()
  await form.getByRole('combobox', { name: 'On', exact: true }).click()
  await page.getByRole('option', { name: 'These user ids' }).click()
  await form.getByRole('textbox', { name: 'User ids' }).fill(target.join(', '))
  await form.getByRole('button', { name: 'Preview' }).click()
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('5')
  await dialog.getByRole('textbox', { name: 'Project name to confirm' }).fill('Slow shop')
  await dialog.getByRole('button', { name: 'Run on 5 users' }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 120_000 })
  // The report counts the blocks this job made as done: "skipped" means a row needed nothing before
  // the job touched it, and all five were active.
  await expect(dialog.getByTestId('stat-done')).toHaveText('5')
  await expect(dialog.getByTestId('stat-skipped')).toHaveText('0')
  await page.screenshot({ path: screenshotPath('bulk-sessions-lockout-report') })
  for (const id of target) {
    expect(sandbox.store.getUser(id)!.status).toBe(false)
    expect(sandbox.store.sessions.forUser(id)).toHaveLength(0)
  }
  await dialog.getByRole('button', { name: 'Undo this job' }).click()
  // The undo opens at its preview; on a project that confirms every write, its Run is the one question.
  await expect(dialog.getByText(/^Undo: Lock out/)).toBeVisible()
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('5')
  await dialog.getByRole('button', { name: 'Run on 5 users' }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 120_000 })
  await page.screenshot({ path: screenshotPath('bulk-sessions-lockout-undone') })
  for (const id of target) expect(sandbox.store.getUser(id)!.status).toBe(true)
})

test('a bulk dry run says how many users it has read while it works', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'wide', apiKey: KEY, seed: 60 })
  await openSandboxProject(page, host, sandbox, { name: 'Wide shop', key: KEY })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: 'End all sessions' }).click()
  // The dry run reads each user's sessions: ten are answered, then the rest wait.
  const hold = sandbox.hold({
    after: 10,
    match: ({ method, path }) => method === 'GET' && /\/sessions$/.test(path),
  })
  await form.getByRole('button', { name: 'Preview' }).click()
  await hold.reached(1)
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('status')).toHaveText(
    'Reading the server to preview every user. Nothing is written yet.',
  )
  // The count is beside the live region, not in it: it changes too often to be read out each time.
  await expect(dialog.getByTestId('preview-progress')).toHaveText('10 of 60 users read so far')
  await expect(dialog.getByRole('status').getByTestId('preview-progress')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('bulk-preview-progress') })
  hold.release()
  await expect(dialog.getByTestId('stat-will-change')).toBeVisible()
  await expect(dialog.getByTestId('preview-progress')).toBeHidden()
})
