import type { SafeMode } from '@shared/models'

/** How each safe-mode level is named and explained wherever a person picks or sees one. */
export const safeModeText: Record<SafeMode, { label: string; badge: string; description: string }> = {
  off: { label: 'Off', badge: 'writes at once', description: 'Changes go through when you make them.' },
  confirm: {
    label: 'Confirm every write',
    badge: 'confirms writes',
    description: 'Every change asks once, naming the project and what will change.',
  },
  'read-only': {
    label: 'Read-only',
    badge: 'read-only',
    description: "Userdeck refuses every change to this project's users.",
  },
}
