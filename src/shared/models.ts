/**
 * Plain data that crosses the contract, one file per feature under `models/` as the contract has.
 * No class instances, no Dates: everything here survives JSON. This file only gathers them.
 */
export * from './models/app'
export * from './models/projects'
export * from './models/users'
export * from './models/sessions'
export * from './models/labels'
export * from './models/jobs'
export * from './models/import'
export * from './models/activity'
export * from './models/access'
export * from './models/settings'
