import type { UserdeckApi } from '@shared/contract'

declare global {
  interface Window {
    readonly userdeck: UserdeckApi
  }
}
