import { Query, type Users } from 'node-appwrite'
import { AppErrorException, type AppError } from '@shared/errors'
import type { PartialSave } from '@shared/models/users'
import { fieldInWords, listInWords } from '@shared/user-fields'
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
 * Appwrite's answers to a create that something in it is taken, and which fields each may mean.
 * `user_already_exists` is the same for a taken id, email or phone ("…the same id, email, or
 * phone…"); each email and phone is also a messaging target.
 */
const TAKEN: Record<string, readonly ('userId' | 'email' | 'phone')[]> = {
  user_already_exists: ['userId', 'email', 'phone'],
  user_target_already_exists: ['email', 'phone'],
  user_email_already_exists: ['email'],
  user_phone_already_exists: ['phone'],
}

/**
 * A create refused because something in it is taken, as an AppError naming the field: where the
 * answer could mean several, each is looked up, only after the refusal. Anything else comes back as
 * it was.
 */
export async function createRefusal(
  users: Users,
  wanted: { userId?: string | undefined; email?: string | undefined; phone?: string | undefined },
  err: unknown,
): Promise<AppError> {
  const error = toAppError(err)
  const candidates = (TAKEN[error.appwriteType ?? ''] ?? []).filter((field) => wanted[field])
  if (candidates.length === 0) return error
  const someoneHas = (field: 'userId' | 'email' | 'phone', value: string): Promise<boolean> => {
    const found =
      field === 'userId'
        ? users.get({ userId: value }).then(() => true)
        : users
            // Appwrite keeps emails in lower case.
            .list({
              queries: [
                Query.equal(field, [field === 'email' ? value.toLowerCase() : value]),
                Query.limit(1),
              ],
              total: false,
            })
            .then((page) => page.users.length > 0)
    return found.catch(() => false)
  }
  if (candidates.length === 1) return fieldWriteError(candidates[0]!, err)
  for (const field of candidates) {
    if (await someoneHas(field, wanted[field]!)) return fieldWriteError(field, err)
  }
  return error
}

export function partialSave(saved: string[], failed: AppError, notTried: string[]): PartialSave {
  const field = failed.field ?? 'a field'
  const words = (fields: string[]) => listInWords(fields.map(fieldInWords))
  const message = [
    `Saved ${words(saved)}.`,
    `${capitalised(fieldInWords(field))} not saved: ${failed.message}`,
    ...(notTried.length > 0 ? [`Not tried after that: ${words(notTried)}.`] : []),
  ].join(' ')
  return { saved, failed: field, notTried, message, code: failed.code }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
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
