import type { Page } from '@playwright/test'
import { startSandbox, type RunningSandbox } from '../../src/sandbox'
import type { Host } from '../../src/host/host'
import { test, expect, screenshotPath } from './fixtures'

const KEY = 'e2e_safe_mode_key_0123456789'

async function addProject(host: Host, sandbox: RunningSandbox, name: string, extra: Record<string, unknown>) {
  const added = await host.dispatch('projects.add', {
    name,
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key: KEY,
    ...extra,
  })
  if (!added.ok) throw new Error(added.error.message)
  return added.value
}

async function choose(page: Page, name: string) {
  await page.getByRole('button', { name: 'Project', exact: true }).click()
  await page.getByRole('option', { name, exact: true }).click()
  await expect(page.getByRole('button', { name: 'Project', exact: true })).toContainText(name)
}

test('the current project is part of the window frame: production cannot be mistaken for staging', async ({
  page,
  host,
}) => {
  const sandbox = await startSandbox({ port: 0, projectId: 'shop', apiKey: KEY, seed: 40, quiet: true })
  try {
    await addProject(host, sandbox, 'Shop', { tag: 'production', colour: 'red' })
    await addProject(host, sandbox, 'Shop staging', { tag: 'staging', colour: 'yellow' })
    await page.reload()

    await choose(page, 'Shop')
    const frame = page.getByRole('status', { name: /^Current project:/ })
    await expect(frame).toHaveAccessibleName(
      'Current project: Shop, production, safe mode confirm every write',
    )
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

    await choose(page, 'Shop staging')
    await expect(frame).toHaveAccessibleName('Current project: Shop staging, staging, safe mode off')
    await expect(frame).not.toContainText('confirms writes')
    expect(await frame.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(245, 159, 0)')
    await page.screenshot({ path: screenshotPath('frame-staging') })
  } finally {
    await sandbox.close()
  }
})
