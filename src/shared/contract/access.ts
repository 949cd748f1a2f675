import { z } from 'zod'
import { channel } from './define'
import { appwriteId, confirm, projectRef, userId } from './common'
import { NAME_MAX, emailProblem, phoneProblem } from '../appwrite-limits'
import { targetProviderTypes, type AccessWrite, type SignInSecret, type TargetWrite } from '../models/access'

/** Appwrite's limits for these endpoints (app/controllers/api/users.php, 1.9.5). */
export const TARGET_IDENTIFIER_MAX = 255
export const TOKEN_LENGTH = { min: 4, max: 128, default: 6 } as const
/** Seconds: from a minute to Appwrite's long login expiry, a year. */
export const TOKEN_EXPIRE = { min: 60, max: 31_536_000, default: 900 } as const
/** Seconds. Appwrite's range starts at 0, but its JWT library refuses 0 with a bare 500. */
export const JWT_DURATION = { min: 1, max: 3600, default: 900 } as const
export const SIGN_IN_LINK_MAX = 2048

/** Why an identifier cannot be a target of this type, as Appwrite checks it; null when it can. */
export function targetIdentifierProblem(type: string, identifier: string): string | null {
  if (identifier === '') return 'Give the identifier.'
  if ([...identifier].length > TARGET_IDENTIFIER_MAX)
    return `An identifier is at most ${TARGET_IDENTIFIER_MAX} characters.`
  if (type === 'email') return emailProblem(identifier)
  if (type === 'sms') return phoneProblem(identifier)
  return null
}

/**
 * Why a sign-in link template cannot be used; null when it can. It is the app's URL with `{userId}`
 * and `{secret}` where the token goes, and holds no secret itself.
 */
export function signInLinkProblem(template: string): string | null {
  if (!template.includes('{userId}') || !template.includes('{secret}'))
    return 'The template needs both {userId} and {secret}, e.g. https://app.example.com/login?userId={userId}&secret={secret}.'
  let url: URL
  try {
    url = new URL(template.replaceAll('{userId}', 'u').replaceAll('{secret}', 's'))
  } catch {
    return 'The template must be a full URL, e.g. https://app.example.com/login?userId={userId}&secret={secret}.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The link must start with https:// or http://.'
  return null
}

/** The link for one token: the placeholders filled in, each URL-encoded. */
export function fillSignInLink(template: string, userId: string, secret: string): string {
  return template
    .replaceAll('{userId}', encodeURIComponent(userId))
    .replaceAll('{secret}', encodeURIComponent(secret))
}

/** A sign-in link template as the window may set it, and as the host reads it back from its file. */
export const signInLinkTemplate = z
  .string()
  .trim()
  .max(SIGN_IN_LINK_MAX, `A template is at most ${SIGN_IN_LINK_MAX} characters.`)
  .superRefine((t, ctx) => {
    const problem = signInLinkProblem(t)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const userRef = { project: projectRef, userId }
const targetName = z.string().max(NAME_MAX, `A target name is at most ${NAME_MAX} characters.`)
const identifier = z.string().max(TARGET_IDENTIFIER_MAX * 4)
const seconds = (limits: { min: number; max: number; default: number }, what: string) =>
  z
    .number()
    .int(`${what} is a whole number of seconds.`)
    .min(limits.min, `${what} is at least ${limits.min} seconds.`)
    .max(limits.max, `${what} is at most ${limits.max} seconds.`)
    .default(limits.default)

export const accessChannels = {
  /** Removes an OAuth identity from the user. Not undoable: the person must link the provider again. */
  'identities.unlink': channel<AccessWrite>()(
    z.strictObject({ ...userRef, identityId: appwriteId, confirm }),
  ),
  'targets.create': channel<TargetWrite>()(
    z
      .strictObject({
        ...userRef,
        /** Omit for an id Appwrite makes up. */
        targetId: appwriteId.optional(),
        providerType: z.enum(targetProviderTypes, { message: 'The type is email, sms or push.' }),
        identifier,
        name: targetName.optional(),
        /** Omit to send through the project's first provider of this type. */
        providerId: appwriteId.optional(),
        confirm,
      })
      .superRefine((t, ctx) => {
        const problem = targetIdentifierProblem(t.providerType, t.identifier)
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['identifier'] })
      }),
  ),
  /** The identifier is checked against the target's type in main, which reads the target first. */
  'targets.update': channel<TargetWrite>()(
    z
      .strictObject({
        ...userRef,
        targetId: appwriteId,
        identifier: identifier.min(1, 'Give the identifier.').optional(),
        name: targetName.min(1, 'Give the name.').optional(),
        providerId: appwriteId.optional(),
        confirm,
      })
      .refine((t) => t.identifier !== undefined || t.name !== undefined || t.providerId !== undefined, {
        message: 'Change the identifier, the name or the provider.',
      }),
  ),
  /** Not undoable: a push target's device token is gone with it. */
  'targets.remove': channel<TargetWrite>()(z.strictObject({ ...userRef, targetId: appwriteId, confirm })),
  /** A one-time token (Appwrite's custom-token flow): its secret is in this answer only. */
  'signIn.createToken': channel<SignInSecret>()(
    z.strictObject({
      ...userRef,
      length: z
        .number()
        .int()
        .min(TOKEN_LENGTH.min, `A token is at least ${TOKEN_LENGTH.min} characters.`)
        .max(TOKEN_LENGTH.max, `A token is at most ${TOKEN_LENGTH.max} characters.`)
        .default(TOKEN_LENGTH.default),
      expire: seconds(TOKEN_EXPIRE, 'The expiry'),
      confirm,
    }),
  ),
  /** A server session for the user: its secret (the session cookie's value) is in this answer only. */
  'signIn.createSession': channel<SignInSecret>()(z.strictObject({ ...userRef, confirm })),
  /** A JWT acting as the user, bound to a session (`recent` for the newest) or to none. */
  'signIn.createJwt': channel<SignInSecret>()(
    z.strictObject({
      ...userRef,
      sessionId: appwriteId.optional(),
      duration: seconds(JWT_DURATION, 'The duration'),
      confirm,
    }),
  ),
  'signIn.linkTemplate': channel<{ template: string | null }>()(z.strictObject({ project: projectRef })),
  /** null removes the template. */
  'signIn.setLinkTemplate': channel<{ template: string | null }>()(
    z.strictObject({
      project: projectRef,
      template: signInLinkTemplate.nullable(),
    }),
  ),
}
