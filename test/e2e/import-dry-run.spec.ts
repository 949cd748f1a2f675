import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobView } from '@shared/models/jobs'
import type { Locator, Page } from '@playwright/test'
import type { HostInternals } from '../../src/host/host'
import type { Hold, RunningSandbox, SandboxOptions } from '../../src/sandbox'
import { test, expect, openSandboxProject, screenshotPath } from './fixtures'

/** A row for each problem the file can have, rows whose id, email or phone the project holds, and good rows. */
const CSV = [
  'id,email,phone,name,password',
  'truth1,truth1@example.com,+14155550101,Truth One,long-enough-pw', // 2 created
  'truth2,truth2@example.com,,Truth Two,', // 3 created
  'badmail,not-an-email,,Bad Email,', // 4 email_invalid
  'dupmail,truth1@example.com,,Dup Email,', // 5 email_duplicate
  'dupphone,dupphone@example.com,+14155550101,Dup Phone,', // 6 phone_duplicate
  'mailtaken,taken@example.com,,Email Exists,', // 7 email_exists
  'phonetaken,phonetaken@example.com,+14155550199,Phone Exists,', // 8 phone_exists
  'truthhere,truthhere@example.com,,Id Exists,', // 9 id already in the project: fails
  'badphone,badphone@example.com,555-1234,Bad Phone,', // 10 phone_invalid
  'shortpw,shortpw@example.com,,Short Pw,short', // 11 password_too_short
  'badhash,badhash@example.com,,Bad Hash,$9$notahash$withdollars', // 12 hash_unknown
  'truth3,truth3@example.com,+14155550103,Truth Three,', // 13 created
  'nocontact,,,No Contact,', // 14 email_missing
].join('\n')

test('import dry run with every problem class: the counts it shows are the counts the import ends with', async ({
  page,
  host,
  dataDir,
}) => {
  for (const user of [
    { userId: 'holder', email: 'taken@example.com', name: 'Holder' },
    { userId: 'phoneholder', phone: '+14155550199', name: 'Phone Holder' },
    { userId: 'truthhere', email: 'already@example.com', name: 'Already Here' },
  ]) {
    const created = await host.dispatch('users.create', { project: 'demo', ...user })
    expect(created.ok).toBe(true)
  }
  const file = join(dataDir, 'every-problem.csv')
  writeFileSync(file, CSV)

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(file)
  await expect(page.getByText('every-problem.csv')).toBeVisible()
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: CSV')).toBeVisible()
  await page.getByRole('button', { name: 'Validate every row' }).click()

  // Phones are checked as emails are: twice in the file, and already someone else's.
  await expect(page.getByText('Phone appears twice in the file — 1 row')).toBeVisible()
  await expect(page.getByText('Phone already belongs to another user in the project — 1 row')).toBeVisible()
  await expect(page.getByText('Email already belongs to another user in the project — 1 row')).toBeVisible()
  const classes = page.getByRole('radiogroup', { name: /^What to do with: / })
  await expect(classes).toHaveCount(9)
  // One click skips every class; each class's own choice then reads "Skip these rows".
  const skipEvery = page.getByRole('button', { name: 'Skip every row with a problem' })
  await skipEvery.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('import-truth-0-skip-every') })
  await skipEvery.click()
  for (const group of await classes.all())
    await expect(group.getByRole('radio', { name: 'Skip these rows' })).toBeChecked()
  await expect(skipEvery).toBeHidden()
  await page
    .getByRole('radiogroup', { name: 'Users already in the project' })
    .getByText('Fail those rows')
    .click()
  await page.screenshot({ path: screenshotPath('import-truth-1-validation'), fullPage: true })
  await page.getByRole('button', { name: /^Dry run/ }).click()

  const dryRun = page.getByRole('alert').filter({ hasText: 'Dry run: nothing has been written' })
  await expect(dryRun).toContainText('3 users will be created or updated, 9 skipped, 1 cannot be imported.')
  const rows = page.getByRole('table', { name: 'Dry run, row by row' })
  await expect(rows.getByRole('row').filter({ hasText: 'row 7: taken@example.com' })).toContainText('skip')
  await expect(rows.getByRole('row').filter({ hasText: 'phonetaken@example.com' })).toContainText(
    '+14155550199 already belongs to another user in the project (phoneholder).',
  )
  await page.screenshot({ path: screenshotPath('import-truth-2-dry-run'), fullPage: true })

  await page.getByRole('button', { name: 'Import 3 users' }).click()
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText('3 imported, 9 skipped, 1 failed, of 13 rows.')).toBeVisible()
  const notImported = page.getByRole('table', { name: 'Rows not imported' })
  await expect(notImported.getByText(/\+14155550199 already belongs to another user/)).toBeVisible()
  await expect(notImported.getByText('User truthhere is already in the project.')).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-truth-3-report'), fullPage: true })

  const after = await host.dispatch('users.list', { project: 'demo', search: 'truth', limit: 50 })
  const ids = after.ok ? (after.value as { users: { id: string }[] }).users.map((u) => u.id).sort() : []
  expect(ids).toEqual(['truth1', 'truth2', 'truth3', 'truthhere'])
})

/** The Import screen opened on `file`, read and mapped: the wizard is at mapping. */
async function fileMapped(page: Page, file: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(file)
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: CSV')).toBeVisible()
}

/**
 * A project of its own and a file of 1,000 new users (or the `lines` given), read and mapped: the
 * wizard is at mapping.
 */
async function thousandUsersMapped(
  page: Page,
  host: HostInternals,
  dataDir: string,
  startSandbox: (options: SandboxOptions) => Promise<RunningSandbox>,
  projectId: string,
  lines = Array.from({ length: 1000 }, (_, i) => `many${i}@example.com,Many ${i}`),
) {
  const key = `e2e_${projectId}_key_0123456789`
  const sandbox = await startSandbox({ projectId, apiKey: key, seed: 0 })
  await openSandboxProject(page, host, sandbox, { name: `Shop ${projectId}`, key })
  // A small laptop's window: the step's buttons end the page, and the line appears under them.
  await page.setViewportSize({ width: 1024, height: 700 })
  const file = join(dataDir, 'many.csv')
  writeFileSync(file, ['email,name', ...lines].join('\n'))

  await fileMapped(page, file)
  return sandbox
}

const userLookups = ({ method, path }: { method: string; path: string }) =>
  method === 'GET' && /\/users$/.test(path)

/**
 * Starts the dry run and holds it. Planning checks every row again and then makes the job; from then
 * on the sandbox holds the lookups, so the dry run stays on screen for as long as the test looks at it.
 */
async function dryRunHeld(page: Page, host: HostInternals, sandbox: RunningSandbox) {
  let hold: Hold | null = null
  let jobId = ''
  const off = host.events.subscribe((event, payload) => {
    const job = payload as JobView
    if (event !== 'jobs.changed' || job.kind !== 'import' || hold) return
    jobId = job.id
    hold = sandbox.hold({ match: userLookups })
  })
  await page.getByRole('button', { name: /^Dry run/ }).click()
  await expect.poll(() => hold !== null).toBe(true)
  off()
  await hold!.reached(1)
  return { hold: hold!, jobId }
}

test('a long validation and dry run say how far they have got, row by row', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const sandbox = await thousandUsersMapped(page, host, dataDir, startSandbox, 'big')
  // The check asks the project which of the file's users it has: held, it stays on screen.
  const lookups = sandbox.hold({ match: userLookups })
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await lookups.reached(1)
  const progress = page.getByTestId('import-progress')
  await expect(progress).toContainText(/^Checking every row: /)
  // Where the person sees it, not below the window's edge.
  await expect(progress).toBeInViewport()
  lookups.release()
  await expect(page.getByText('Every row can be imported as it is.')).toBeVisible()

  const { hold } = await dryRunHeld(page, host, sandbox)
  await expect(progress).toContainText(/^Dry run: 0 of 1,000 rows decided/)
  // The bar is there, empty: its filled part has no width yet.
  await expect(progress.getByRole('progressbar', { name: 'Dry run' })).toHaveAttribute('aria-valuenow', '0')
  await page.screenshot({ path: screenshotPath('import-dry-run-progress') })
  hold.release()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Dry run: nothing has been written' }),
  ).toContainText('1,000 users will be created or updated')
  await expect(progress).toBeHidden()
})

/**
 * The stop the window sends to the host, seen arriving (and then carried out as ever), and the host's
 * answer to the dry run the window asked for: the reads held are let go only after the stop arrived,
 * or they could end the dry run first.
 */
function watchDryRunStop(host: HostInternals, jobId: string) {
  const asked = host.dispatch('jobs.preview', { jobId })
  const engine = host.services.jobs
  const stop = engine.stopPreview.bind(engine)
  const stopped = new Promise<string>((resolve) => {
    engine.stopPreview = (id: string) => {
      const view = stop(id)
      resolve(id)
      return view
    }
  })
  return { stopped, answer: asked.then((a) => (a.ok ? 'finished' : a.error.code)) }
}

/**
 * A line stopped while its calls are held: it stays, with its own words, and its button says it is
 * stopping, marked unavailable yet still holding the focus the press gave it.
 */
async function expectStopping(progress: Locator, line: RegExp) {
  await expect(progress).toContainText(line)
  const stopping = progress.getByRole('button', { name: 'Stopping…' })
  await expect(stopping).toHaveAttribute('aria-disabled', 'true')
  await expect(stopping).toBeFocused()
  await expect(progress.getByRole('button', { name: /^Stop / })).toHaveCount(0)
}

/** A file validated and its dry run held, with the stop the window sends to it watched. */
async function dryRunToStop(
  page: Page,
  host: HostInternals,
  dataDir: string,
  startSandbox: (options: SandboxOptions) => Promise<RunningSandbox>,
  projectId: string,
) {
  const sandbox = await thousandUsersMapped(page, host, dataDir, startSandbox, projectId)
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await expect(page.getByText('Every row can be imported as it is.')).toBeVisible()
  const { hold, jobId } = await dryRunHeld(page, host, sandbox)
  return { sandbox, hold, jobId, seen: watchDryRunStop(host, jobId) }
}

test('a dry run stopped from its progress line reads no further, writes nothing and leaves the wizard at validation', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const { sandbox, hold, jobId, seen } = await dryRunToStop(page, host, dataDir, startSandbox, 'stopping')
  const progress = page.getByTestId('import-progress')
  await expect(progress).toContainText(/^Dry run: /)
  await page.screenshot({ path: screenshotPath('import-dry-run-stop') })

  await progress.getByRole('button', { name: 'Stop dry run' }).click()
  expect(await seen.stopped).toBe(jobId)
  // The calls already sent are held: until they answer, the line says it is stopping, and stays.
  await expectStopping(progress, /^Dry run: /)
  await page.screenshot({ path: screenshotPath('import-dry-run-stopping') })
  hold.release()
  expect(await seen.answer).toBe('cancelled')
  // Back at validation as before it: no error, nothing in progress, the dry run to be run again.
  await expect(progress).toBeHidden()
  await expect(page.getByText('That did not work')).toBeHidden()
  const again = page.getByRole('button', { name: /^Dry run/ })
  await expect(again).toBeEnabled()
  expect([...sandbox.store.users.values()].filter((u) => u.email?.startsWith('many'))).toHaveLength(0)

  await again.click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Dry run: nothing has been written' }),
  ).toContainText('1,000 users will be created or updated')

  // A step done is gone back to from the stepper, as Back does; a step ahead is not reached from it.
  const stepper = page.getByRole('group', { name: 'Import steps' })
  await stepper.getByRole('button', { name: /Mapping/ }).click()
  await expect(page.getByRole('button', { name: 'Validate every row' })).toBeVisible()
  await expect(stepper.getByRole('button', { name: /Dry run/ })).toHaveAttribute('tabindex', '-1')
})

test('Back from a dry run under way stops it: the wizard is not pulled forward when it would have ended', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const { hold, jobId, seen } = await dryRunToStop(page, host, dataDir, startSandbox, 'going-back')

  await page.getByRole('button', { name: 'Back', exact: true }).click()
  expect(await seen.stopped).toBe(jobId)
  hold.release()
  expect(await seen.answer).toBe('cancelled')
  // Still at mapping; validated again, the wizard goes on from there, its dry run not busy.
  const validate = page.getByRole('button', { name: 'Validate every row' })
  await expect(validate).toBeVisible()
  await validate.click()
  await expect(page.getByText('Every row can be imported as it is.')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Dry run/ })).toBeEnabled()
  await expect(page.getByText('Dry run: nothing has been written')).toBeHidden()
})

test('a validation of thousands of rows writes its counts with separators', async ({ page, dataDir }) => {
  const file = join(dataDir, 'thousands.csv')
  const lines = Array.from({ length: 1200 }, (_, i) => `broken-${i},Broken ${i}`)
  writeFileSync(file, ['email,name', ...lines].join('\n'))

  await fileMapped(page, file)
  await page.getByRole('button', { name: 'Validate every row' }).click()

  // The figures above say 1,200; the class, the rows it does not list and the button say it alike.
  await expect(page.getByText('Email is not valid — 1,200 rows')).toBeVisible()
  await expect(page.getByText('… and 1,195 more')).toBeVisible()
  await page
    .getByRole('radiogroup', { name: 'What to do with: Email is not valid' })
    .getByText('Skip these rows')
    .click()
  await expect(page.getByRole('button', { name: 'Dry run (leaving out 1,200 rows)' })).toBeEnabled()
})

test('every row with a problem is saved from the validation step, not only the first five', async ({
  page,
  dataDir,
}) => {
  const file = join(dataDir, 'to-fix.csv')
  // 1,200 bad emails, a good row every 100 rows, and one whose email carries a comma and a quote.
  const lines = Array.from({ length: 1200 }, (_, i) =>
    i % 100 === 99 ? `fine-${i}@example.com,Fine ${i}` : `broken-${i},Broken ${i}`,
  )
  lines.push('"a,b""c",Odd')
  writeFileSync(file, ['email,name', ...lines].join('\n'))

  await fileMapped(page, file)
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await expect(page.getByText('Email is not valid — 1,189 rows')).toBeVisible()
  await expect(page.getByText('… and 1,184 more')).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-3b-validation-save-problems'), fullPage: true })

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Save every row with a problem (CSV)' }).click()
  const saved = await download
  expect(saved.suggestedFilename()).toBe('to-fix-problems.csv')
  const text = readFileSync(await saved.path(), 'utf8')
  const [head, ...rest] = text.trimEnd().split('\n')
  expect(head).toBe('row,rule,field,message,id,email,phone')
  expect(rest).toHaveLength(1189)
  // Every bad row by its line in the file (the header is line 1), none of the fine ones.
  const bad = lines.flatMap((line, i) => (line.startsWith('fine-') ? [] : [i + 2]))
  expect(rest.map((line) => Number(line.split(',')[0]))).toEqual(bad)
  expect(rest[0]).toBe('2,email_invalid,email,"""broken-0"" is not a valid email address.",,broken-0,')
  expect(rest.at(-1)).toBe('1202,email_invalid,email,"""a,b""c"" is not a valid email address.",,"a,b""c",')
  // The whole file fitted in the download: no note sends the person to the data folder.
  await expect(page.getByText('The download holds the first rows only')).toBeHidden()
})

/**
 * The host's answer to the read of every row (`channel`) the window asks for next, and the stop the
 * window sends to it, seen arriving (and then carried out as ever): the lookups held are let go only
 * after the stop arrived, or they could end the read first.
 */
function watchStoppedRead(
  host: HostInternals,
  channel: 'import.validate' | 'import.createJob' | 'import.saveProblems',
) {
  const handlers = host.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>
  const read = handlers[channel]!
  const stop = handlers['import.stopReading']!
  const answer = new Promise<string>((resolve) => {
    handlers[channel] = (input) => {
      const saving = read(input)
      saving.then(
        () => resolve('finished'),
        (err: unknown) => resolve((err as { error?: { code?: string } }).error?.code ?? String(err)),
      )
      return saving
    }
  })
  const stopped = new Promise<unknown>((resolve) => {
    handlers['import.stopReading'] = async (input) => {
      const done = await stop(input)
      resolve(done)
      return done
    }
  })
  return { answer, stopped }
}

test('saving every row with a problem shows how far it has got by its button, and Stop there leaves no file', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  // 3,000 rows, every third a bad email: the other 2,000 are looked up in the project, 100 at a time.
  const lines = Array.from({ length: 3000 }, (_, i) =>
    i % 3 === 0 ? `broken-${i},Broken ${i}` : `fine${i}@example.com,Fine ${i}`,
  )
  const sandbox = await thousandUsersMapped(page, host, dataDir, startSandbox, 'saving', lines)
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await expect(page.getByText('Email is not valid — 1,000 rows')).toBeVisible()
  let downloads = 0
  page.on('download', () => downloads++)

  // Two lookups answer, the rest are held: the save has read part of the file and waits, writing.
  const lookups = sandbox.hold({ after: 2, match: userLookups })
  const seen = watchStoppedRead(host, 'import.saveProblems')
  const save = page.getByRole('button', { name: 'Save every row with a problem (CSV)' })
  await save.click()
  await lookups.reached(1)
  const progress = page.getByTestId('import-progress')
  await expect(progress).toContainText(/^Saving the rows with a problem: [\d,]+ of 3,000 rows read/)
  const read = Number((await progress.textContent())!.match(/: ([\d,]+) of/)![1]!.replace(/,/g, ''))
  expect(read).toBeGreaterThan(0)
  expect(read).toBeLessThan(3000)
  // By the button pressed, just under it, not at the foot of the step.
  await expect(progress).toBeInViewport()
  const button = (await save.boundingBox())!
  const line = (await progress.boundingBox())!
  expect(line.y - (button.y + button.height)).toBeGreaterThanOrEqual(0)
  expect(line.y - (button.y + button.height)).toBeLessThan(24)
  expect(line.x + line.width).toBeGreaterThan(button.x)
  // Main is writing the file under a temporary name; none by the name a finished one takes.
  const problemsDir = join(dataDir, 'imports', 'problems')
  expect(readdirSync(problemsDir).some((f) => f.endsWith('.tmp'))).toBe(true)
  expect(readdirSync(problemsDir)).not.toContain('many-problems.csv')
  await page.screenshot({ path: screenshotPath('import-3c-save-problems-progress') })

  await progress.getByRole('button', { name: 'Stop saving' }).click()
  expect(await seen.stopped).toEqual({ stopped: true })
  await expectStopping(progress, /^Saving the rows with a problem: /)
  lookups.release()
  expect(await seen.answer).toBe('cancelled')
  // Back as before it: no error, nothing in progress, nothing downloaded, no file in the data folder.
  await expect(progress).toBeHidden()
  await expect(save).not.toHaveAttribute('aria-busy')
  await expect(page.getByText('That did not work')).toBeHidden()
  expect(downloads).toBe(0)
  expect(readdirSync(problemsDir)).toEqual([])

  // Saved again, it runs to the end: the whole file, every problem in it.
  const download = page.waitForEvent('download')
  await save.click()
  const text = readFileSync(await (await download).path(), 'utf8')
  expect(text.trimEnd().split('\n')).toHaveLength(1 + 1000)
  expect(readdirSync(problemsDir)).toEqual(['many-problems.csv'])
})

test('a check of every row, and a dry run’s check again, stopped from their line: the wizard stays where it was, no job planned', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const sandbox = await thousandUsersMapped(page, host, dataDir, startSandbox, 'checking')
  const progress = page.getByTestId('import-progress')
  const failed = page.getByText('That did not work')
  // The check asks the project which of the file's users it has: two lookups answer, the rest wait.
  let lookups = sandbox.hold({ after: 2, match: userLookups })
  let seen = watchStoppedRead(host, 'import.validate')
  const validate = page.getByRole('button', { name: 'Validate every row' })
  await validate.click()
  await lookups.reached(1)
  await expect(progress).toContainText(/^Checking every row: /)
  await progress.getByRole('button', { name: 'Stop checking' }).click()
  expect(await seen.stopped).toEqual({ stopped: true })
  await expectStopping(progress, /^Checking every row: /)
  lookups.release()
  expect(await seen.answer).toBe('cancelled')
  // Still at mapping, with no error: checked again, it runs to the end.
  await expect(progress).toBeHidden()
  await expect(failed).toBeHidden()
  await expect(validate).toBeEnabled()
  await validate.click()
  await expect(page.getByText('Every row can be imported as it is.')).toBeVisible()

  // The dry run checks every row again before it plans its job: stopped then, none is planned.
  lookups = sandbox.hold({ after: 2, match: userLookups })
  seen = watchStoppedRead(host, 'import.createJob')
  const dryRun = page.getByRole('button', { name: /^Dry run/ })
  await dryRun.click()
  await lookups.reached(1)
  await expect(progress).toContainText(/^Checking every row again before the dry run: /)
  await progress.getByRole('button', { name: 'Stop dry run' }).click()
  expect(await seen.stopped).toEqual({ stopped: true })
  await expectStopping(progress, /^Checking every row again before the dry run: /)
  lookups.release()
  expect(await seen.answer).toBe('cancelled')
  await expect(progress).toBeHidden()
  await expect(failed).toBeHidden()
  await expect(dryRun).toBeEnabled()
  expect(host.services.jobs.list().filter((j) => j.kind === 'import')).toEqual([])
})
