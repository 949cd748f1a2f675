import type { Store } from './store'

export function seedStore(_store: Store, _count: number): void {}
