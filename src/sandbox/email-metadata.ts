/**
 * The email metadata fields of the User model. Appwrite derives them from provider lists;
 * these short lists cover the common providers, which is what a console shows and filters on.
 */
const FREE = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'qq.com',
  '163.com',
])

const DISPOSABLE = new Set([
  'mailinator.com',
  'guerrillamail.com',
  '10minutemail.com',
  'tempmail.com',
  'temp-mail.org',
  'yopmail.com',
  'trashmail.com',
  'sharklasers.com',
  'getnada.com',
  'dispostable.com',
  'throwawaymail.com',
  'maildrop.cc',
])

export interface EmailMetadata {
  emailCanonical: string | null
  emailIsFree: boolean | null
  emailIsDisposable: boolean | null
  emailIsCorporate: boolean | null
  emailIsCanonical: boolean | null
}

export const NO_EMAIL_METADATA: EmailMetadata = Object.freeze({
  emailCanonical: null,
  emailIsFree: null,
  emailIsDisposable: null,
  emailIsCorporate: null,
  emailIsCanonical: null,
})

export function emailMetadata(email: string | null): EmailMetadata {
  if (!email) return NO_EMAIL_METADATA
  const at = email.lastIndexOf('@')
  let local = email.slice(0, at).toLowerCase()
  let domain = email.slice(at + 1).toLowerCase()
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (domain === 'googlemail.com') domain = 'gmail.com'
  if (domain === 'gmail.com') local = local.replaceAll('.', '')
  const canonical = `${local}@${domain}`
  const free = FREE.has(domain)
  const disposable = DISPOSABLE.has(domain)
  return {
    emailCanonical: canonical,
    emailIsFree: free,
    emailIsDisposable: disposable,
    emailIsCorporate: !free && !disposable,
    emailIsCanonical: canonical === email.toLowerCase(),
  }
}
