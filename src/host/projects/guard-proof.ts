import { createHash, timingSafeEqual } from 'node:crypto'
import type { ConnectionReport } from '@shared/contract/projects'
import { fail } from '@shared/errors'
import { lowersSafeMode, type ProjectTag, type SafeMode } from '@shared/models'
import type { ProjectEntry } from './registry'

/**
 * The guards a window alone cannot lower. A compromised page can send any valid request, and it knows
 * every project's name, so a click or a typed name proves nothing. What it does not know is a stored
 * API key: the window never holds one. Lowering a guard, or reading password hashes out of a guarded
 * project, therefore needs the project's stored key typed again (`proof`), compared here with the
 * keychain's copy.
 *
 * Only a key the project's server has accepted counts: a key the page set itself would otherwise be
 * a proof it knows. A stored key is accepted once a connection check with it succeeded; setting a new
 * key, moving the project, or a check the server answers by refusing the key forgets that. Replacing
 * or deleting an accepted key on a guarded project needs proof in turn, so the page can neither swap
 * in a key of its own nor leave the project with no accepted key, which would let it be pointed
 * elsewhere freely.
 */

/** Production, or a safe mode above off: a project whose guards need proof to lower. */
export function isGuarded(entry: ProjectEntry): boolean {
  return entry.tag === 'production' || entry.safeMode !== 'off'
}

/** What a request would change about a project, as far as its guards are concerned. */
export interface ProjectChange {
  safeMode?: SafeMode
  tag?: ProjectTag
  endpoint?: string
  projectId?: string
  /** A new key replaces the stored one. */
  key?: boolean
  /** The stored key is deleted, leaving none. */
  deleteKey?: boolean
  remove?: boolean
}

/**
 * What the change lowers, in words (`move it off production`); empty when it lowers nothing. `repair`
 * says every part of it points the project somewhere or at a key, which a project without an accepted
 * key may need without proof: nothing it guards can be reached yet.
 */
export interface Lowering {
  what: string[]
  repair: boolean
}

export function loweringOf(entry: ProjectEntry, change: ProjectChange): Lowering {
  const levels: string[] = []
  if (change.safeMode && lowersSafeMode(entry.safeMode, change.safeMode))
    levels.push(`set its safe mode to ${change.safeMode}`)
  if (change.tag && entry.tag === 'production' && change.tag !== 'production')
    levels.push('move it off production')
  const repairs: string[] = []
  if (isGuarded(entry)) {
    if (change.endpoint !== undefined && change.endpoint !== entry.endpoint)
      repairs.push('change its endpoint')
    if (change.projectId !== undefined && change.projectId !== entry.projectId)
      repairs.push('change its project id')
    if (change.key) repairs.push('replace its API key')
    if (change.deleteKey) repairs.push('delete its stored API key')
    if (change.remove) repairs.push('remove it')
  }
  return { what: [...levels, ...repairs], repair: levels.length === 0 }
}

/** Reading password hashes out of a project: guarded ones need proof, as hashes can be cracked elsewhere. */
export function hashReadOf(entry: ProjectEntry): Lowering {
  return { what: isGuarded(entry) ? ['read its password hashes'] : [], repair: false }
}

/**
 * Whether a failed check means the project's server refuses the stored key (revoked, or the project
 * gone): it is then no longer accepted, so a person who lost it can repair the project without it.
 */
export function refusesKey(report: ConnectionReport): boolean {
  return !report.ok && (report.error?.code === 'key_invalid' || report.error?.code === 'project_not_found')
}

/** Whether a stored key may serve as proof: present, and accepted by the project's server since it was set. */
function accepted(entry: ProjectEntry, stored: string | null): stored is string {
  return stored !== null && entry.lastCheckedAt !== null
}

/**
 * Throws unless the request may do what `lowering` names: nothing asked when it lowers nothing, and
 * otherwise `proof` equal to the accepted stored key. Raising a guard never gets here.
 */
export function checkProof(
  entry: ProjectEntry,
  lowering: Lowering,
  proof: string | undefined,
  stored: string | null,
): void {
  if (lowering.what.length === 0) return
  const what = lowering.what.join(' and ')
  if (!accepted(entry, stored)) {
    // Nothing the project guards can be reached with no accepted key, so pointing it elsewhere or at
    // another key is a repair. Lowering a level must wait until a key is accepted and can be typed.
    if (lowering.repair) return
    fail(
      'proof_required',
      `To ${what}, Userdeck needs the API key of "${entry.name}" typed again, and no key stored for it has been accepted by its server yet. Check its connection (or set its key) first.`,
    )
  }
  if (proof === undefined) {
    fail(
      'proof_required',
      `To ${what}, type the API key of "${entry.name}" again: the key stored for it, which the window never holds.`,
      { field: 'proof', project: entry.id },
    )
  }
  if (!sameSecret(proof, stored)) {
    fail(
      'proof_invalid',
      `That is not the API key stored for "${entry.name}". Type the stored key to ${what}. No longer have it? Revoke it in the Appwrite Console and check the connection: once its server refuses the stored key, a new one can be set without it.`,
      { field: 'proof', project: entry.id },
    )
  }
}

/** Compared in constant time over digests, so neither the timing nor the lengths say how close a guess was. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}
