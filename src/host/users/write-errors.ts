import { Query, type Users } from 'node-appwrite'
import { AppErrorException, type AppError } from '@shared/errors'
import type { PartialSave } from '@shared/models/users'
import { capitalised, fieldInWords, listInWords } from '@shared/user-fields'
import { toAppError } from '../appwrite/errors'
import type { Written } from './user-writer'

const TAKEN_EMAIL = 'Another user already has this email address.'
const TAKEN_PHONE = 'Another user already has this phone number.'
const TAKEN_ID = 'Another user already has this id.'

/**
 * Appwrite's refusal of one field's write as a sentence that names the field. Appwrite's own texts
 * name its records instead ("A target with the same ID already exists" for an email someone has).
 * Types as Appwrite's Exception.php spells them; the password ones changed names over releases.
 */
function plainSentence(field: string, error: AppError): string | null {
  const server = error.message
  switch (error.appwriteType) {
    case 'user_email_already_exists':
      return TAKEN_EMAIL
    case 'user_phone_already_exists':
      return TAKEN_PHONE
    // Each email and phone is also a messaging target; the target is checked first.
    case 'user_target_already_exists':
    case 'user_already_exists':
      return field === 'email'
        ? TAKEN_EMAIL
        : field === 'phone'
          ? TAKEN_PHONE
          : field === 'userId'
            ? TAKEN_ID
            : null
    case 'password_recently_used':
    case 'user_password_recently_used':
      return "This password was used recently for this user, and the project's password history refuses it. Choose another."
    case 'password_personal_data':
    case 'user_password_personal_data':
      return "The password contains the user's name, email, phone or id, which the project does not allow. Choose another."
    case 'general_invalid_email':
      return 'This is not a valid email address.'
    case 'general_invalid_phone':
      return 'The phone number must be a + and the country code, then the number: at most 15 digits, e.g. +14155550100.'
    case 'general_argument_invalid':
      if (field === 'password' && /common|dictionary/i.test(server))
        return 'This password is one of the most common passwords, which the project does not allow. Choose another.'
      if (field === 'email') return 'This is not a valid email address.'
      if (field === 'phone')
        return 'The phone number must be a + and the country code, then the number: at most 15 digits, e.g. +14155550100.'
      return null
    default:
      return null
  }
}

/** Anything a field's write threw, as an AppError naming that field. */
export function fieldWriteError(field: string, err: unknown): AppError {
  const error = toAppError(err)
  const sentence = plainSentence(field, error)
  return { ...error, ...(sentence ? { message: sentence } : {}), field }
}

/**
 * Appwrite's answers that something written is taken, and which fields each may mean.
 * `user_already_exists` is the same for a taken id, email or phone ("…the same id, email, or
 * phone…"); each email and phone is also a messaging target.
 */
const TAKEN: Record<string, readonly TakenField[]> = {
  user_already_exists: ['userId', 'email', 'phone'],
  user_target_already_exists: ['email', 'phone'],
  user_email_already_exists: ['email'],
  user_phone_already_exists: ['phone'],
}

type TakenField = 'userId' | 'email' | 'phone'

/**
 * The id of the user who has this id, email or phone, other than `except`; null when none is found or
 * the lookup fails (a key that may write but not read). Asked only after a refusal.
 */
function holderOf(users: Users, field: TakenField, value: string, except?: string): Promise<string | null> {
  const found =
    field === 'userId'
      ? users.get({ userId: value }).then((user) => user.$id)
      : users
          // Appwrite keeps emails in lower case.
          .list({
            queries: [
              Query.equal(field, [field === 'email' ? value.toLowerCase() : value]),
              ...(except ? [Query.notEqual('$id', except)] : []),
              Query.limit(1),
            ],
            total: false,
          })
          .then((page) => page.users[0]?.$id ?? null)
  return found.catch(() => null)
}

/**
 * A create refused because something in it is taken, as an AppError naming the field and the user who
 * has it: where the answer could mean several fields, each is looked up in turn. Anything else comes
 * back as it was.
 */
export async function createRefusal(
  users: Users,
  wanted: Partial<Record<TakenField, string | undefined>>,
  err: unknown,
): Promise<AppError> {
  const error = toAppError(err)
  const candidates = (TAKEN[error.appwriteType ?? ''] ?? []).filter((field) => wanted[field])
  for (const field of candidates) {
    const holder = await holderOf(users, field, wanted[field]!)
    if (holder) return { ...fieldWriteError(field, err), holder }
  }
  // No one found (the key cannot read, or only a messaging target holds it): one field is still that.
  return candidates.length === 1 ? fieldWriteError(candidates[0]!, err) : error
}

/**
 * One field's write refused, as `fieldWriteError`; an email or phone another user has also names that
 * user (`holder`), so the person can go and see who it is.
 */
export async function updateRefusal(
  users: Users,
  userId: string,
  field: string,
  value: unknown,
  err: unknown,
): Promise<AppError> {
  const refused = fieldWriteError(field, err)
  const taken = (TAKEN[refused.appwriteType ?? ''] ?? []).find((f) => f === field)
  if (!taken || typeof value !== 'string' || !value) return refused
  const holder = await holderOf(users, taken, value, userId)
  return holder ? { ...refused, holder } : refused
}

export function partialSave(saved: string[], failed: AppError, notTried: string[]): PartialSave {
  const field = failed.field ?? 'a field'
  const words = (fields: string[]) => listInWords(fields.map(fieldInWords))
  const message = [
    `Saved ${words(saved)}.`,
    `${capitalised(fieldInWords(field))} not saved: ${failed.message}`,
    ...(notTried.length > 0 ? [`Not tried after that: ${words(notTried)}.`] : []),
  ].join(' ')
  return {
    saved,
    failed: field,
    notTried,
    message,
    code: failed.code,
    ...(failed.holder ? { holder: failed.holder } : {}),
  }
}

/**
 * A save that wrote some fields and not all: a bulk row fails with the sentence; the drawer's save
 * answers with what was written (`written`) and says which field was not.
 */
export class PartialWriteError extends AppErrorException {
  constructor(
    readonly written: Written,
    readonly partial: PartialSave,
    failed: AppError,
  ) {
    super({ ...failed, message: partial.message })
  }
}
