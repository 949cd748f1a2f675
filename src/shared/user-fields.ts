/**
 * A user's fields in words, for people: "email verification", not `emailVerification`. Toasts, the
 * Activity list and the CLI name fields through this one table.
 */
const words: Record<string, string> = {
  $id: 'user id',
  name: 'name',
  email: 'email',
  phone: 'phone',
  password: 'password',
  status: 'status',
  emailVerification: 'email verification',
  phoneVerification: 'phone verification',
  labels: 'labels',
  prefs: 'preferences',
  mfa: 'two-factor authentication',
  sessions: 'sessions',
  impersonator: 'impersonation',
}

/** What each yes-or-no field's true and false mean, in the words the list and drawer use. */
const flags: Record<string, readonly [yes: string, no: string]> = {
  status: ['active', 'blocked'],
  emailVerification: ['verified', 'not verified'],
  phoneVerification: ['verified', 'not verified'],
  mfa: ['required', 'not required'],
  impersonator: ['allowed', 'not allowed'],
}

/**
 * A yes-or-no field's value in words ("status: active → blocked", not "true → false"); any other
 * value is left to its caller, as `null`.
 */
export function flagInWords(field: string, value: unknown): string | null {
  if (typeof value !== 'boolean') return null
  const [yes, no] = flags[field] ?? ['yes', 'no']
  return value ? yes : no
}

/**
 * The flag Appwrite clears when it is given an email or phone: a new address is unverified (`PATCH
 * /users/{id}/email` and `/phone` set it false), also when the flag is set in the same save, unless
 * it is set again after the address.
 */
export const verificationOf = { email: 'emailVerification', phone: 'phoneVerification' } as const

/** `updateMfa` → "update mfa". */
export function camelInWords(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/** `emailVerification` → "email verification"; an unknown camelCase field is split into words. */
export function fieldInWords(field: string): string {
  return words[field] ?? camelInWords(field)
}

/** "smartphone" → "Smartphone": a word Appwrite writes in lower case, at the start of a sentence or cell. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** "name", "name and email", "name, email and phone". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/** How a person is named wherever one user is shown: their name, else email, else phone, else id. */
export function personOf(user: { id: string; name: string; email: string; phone: string }): string {
  return user.name || user.email || user.phone || user.id
}
