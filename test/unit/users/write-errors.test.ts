import { AppwriteException, Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppErrorException } from '@shared/errors'
import { createRefusal, fieldWriteError, updateRefusal } from '../../../src/host/users/write-errors'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from '../import/helpers'

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppErrorException)
  return (err as AppErrorException).error
}

/** What node-appwrite throws for a call, for the mapping to read. */
async function thrown(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable('the call should have been refused'),
    (e: unknown) => e,
  )
}

describe('a user edit Appwrite refuses is said in words, naming the field', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
    const users = env.users()
    await users.create({ userId: 'ann', email: 'ann@example.com', phone: '+14155550111', name: 'Ann' })
    await users.create({ userId: 'bob', email: 'bob@example.com', phone: '+14155550122', name: 'Bob' })
  })
  afterAll(() => env.close())

  const update = (change: Record<string, unknown>) =>
    env.call('users.update', { project: env.project, userId: 'bob', change })

  it("another user's email: the email field, in a plain sentence", async () => {
    const error = await refusal(update({ email: 'ann@example.com' }))
    expect(error).toMatchObject({
      code: 'conflict',
      field: 'email',
      message: 'Another user already has this email address.',
      // Who has it, looked up after the refusal, so support can go and see.
      holder: 'ann',
    })
    // Appwrite's own answer named its messaging target, not the email.
    expect(error.appwriteType).toBe('user_target_already_exists')
  })

  it("another user's phone: the phone field", async () => {
    const error = await refusal(update({ phone: '+14155550111' }))
    expect(error).toMatchObject({
      code: 'conflict',
      field: 'phone',
      message: 'Another user already has this phone number.',
      holder: 'ann',
    })
  })

  it('a refusal that is not about a value someone has names no holder', async () => {
    const users = env.users()
    const err = await thrown(users.updateEmail({ userId: 'bob', email: 'not-an-email' }))
    const error = await updateRefusal(users, 'bob', 'email', 'not-an-email', err)
    expect(error).toMatchObject({ field: 'email', message: 'This is not a valid email address.' })
    expect(error.holder).toBeUndefined()
  })

  it('some fields saved and one refused: the answer says which saved, which did not, and which were not tried', async () => {
    const written = await update({ name: 'Robert', email: 'ann@example.com', phone: '+14155550133' })
    expect(written.partial).toEqual({
      saved: ['name'],
      failed: 'email',
      notTried: ['phone'],
      code: 'conflict',
      message:
        'Saved name. Email not saved: Another user already has this email address. Not tried after that: phone.',
      holder: 'ann',
    })
    expect(written.user).toMatchObject({ name: 'Robert', email: 'bob@example.com', phone: '+14155550122' })
    const server = await env.users().get({ userId: 'bob' })
    expect(server).toMatchObject({ name: 'Robert', email: 'bob@example.com', phone: '+14155550122' })
    // The saved part is in Activity, with exactly the field that changed, and can be undone.
    const entry = env.host.core.audit.get(written.entryId)
    expect(entry).toMatchObject({ before: { name: 'Bob' }, after: { name: 'Robert' }, userLabel: 'Robert' })
    expect(written.undoable).toBe(true)
  })

  it('a new user whose id, email or phone someone has: the field that is taken, though Appwrite names none', async () => {
    const create = (fields: Record<string, unknown>) =>
      refusal(env.call('users.create', { project: env.project, password: 'a-fine-password-1', ...fields }))
    // Appwrite answers each of these alike: "A user with the same id, email, or phone already exists".
    expect(await create({ userId: 'ann', email: 'new1@example.com' })).toMatchObject({
      code: 'conflict',
      field: 'userId',
      message: 'Another user already has this id.',
      appwriteType: 'user_already_exists',
      holder: 'ann',
    })
    // Appwrite keeps emails in lower case, so a taken one is found whatever its case.
    expect(await create({ userId: 'new2', email: 'Ann@Example.com' })).toMatchObject({
      field: 'email',
      message: 'Another user already has this email address.',
      holder: 'ann',
    })
    expect(await create({ email: 'new3@example.com', phone: '+14155550122' })).toMatchObject({
      field: 'phone',
      message: 'Another user already has this phone number.',
      holder: 'bob',
    })
    // A release that names the email in its answer is taken at its word.
    const named = await createRefusal(
      env.users(),
      { userId: 'ann', email: 'nobody@example.com' },
      new AppwriteException(
        'A user with the same email already exists.',
        409,
        'user_email_already_exists',
        '',
      ),
    )
    expect(named).toMatchObject({ field: 'email', message: 'Another user already has this email address.' })
    // No one has that email (a messaging target may): the field is still named, with no one to open.
    expect(named.holder).toBeUndefined()
    // Nobody was created by any of them.
    const made = await env.users().list({ queries: [Query.startsWith('email', 'new')] })
    expect(made.total).toBe(0)
  })

  it('a malformed phone or email, as the server refuses it, names the format', async () => {
    const users = env.users()
    const phone = fieldWriteError(
      'phone',
      await thrown(users.updatePhone({ userId: 'bob', number: '555-1234' })),
    )
    expect(phone).toMatchObject({ field: 'phone', code: 'invalid_request' })
    expect(phone.message).toMatch(/^The phone number must be a \+ and the country code/)
    const email = fieldWriteError(
      'email',
      await thrown(users.updateEmail({ userId: 'bob', email: 'not-an-email' })),
    )
    expect(email).toMatchObject({ field: 'email', message: 'This is not a valid email address.' })
  })

  it("the password policies' refusals (history, personal data, common passwords) name the rule", () => {
    const refused = (type: string, message: string) =>
      fieldWriteError('password', new AppwriteException(message, 400, type, '')).message
    expect(refused('password_recently_used', 'The password you are trying to use is similar…')).toMatch(
      /used recently for this user.*password history/,
    )
    expect(refused('user_password_recently_used', 'x')).toMatch(/used recently/)
    expect(refused('password_personal_data', 'x')).toMatch(/name, email, phone or id/)
    expect(
      refused(
        'general_argument_invalid',
        'Invalid `password` param: Password must be at least 8 characters and should not be one of the commonly used password.',
      ),
    ).toMatch(/most common passwords/)
    // A type with no plain sentence keeps Appwrite's text, and still names the field.
    expect(
      fieldWriteError('name', new AppwriteException('Something new', 400, 'brand_new_type', '')),
    ).toMatchObject({ field: 'name', message: 'Something new' })
  })

  it('every entry names its user beside the id, also when the fields written are not name or email', async () => {
    const users = env.users()
    await users.create({ userId: 'nameless', email: 'nameless@example.com' })
    const labels = await env.call('users.update', {
      project: env.project,
      userId: 'ann',
      change: { labels: ['vip'] },
    })
    expect(env.host.core.audit.get(labels.entryId)).toMatchObject({
      userId: 'ann',
      userLabel: 'Ann',
      after: { labels: ['vip'] },
    })
    const status = await env.call('users.update', {
      project: env.project,
      userId: 'nameless',
      change: { status: false },
    })
    expect(env.host.core.audit.get(status.entryId)!.userLabel).toBe('nameless@example.com')
    const password = await env.call('users.updatePassword', {
      project: env.project,
      userId: 'ann',
      password: 'a-new-password-1',
    })
    expect(env.host.core.audit.get(password.entryId)!.userLabel).toBe('Ann')
  })
})
