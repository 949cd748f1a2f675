import { z } from 'zod'
import { channel } from './define'
import { empty, projectRef } from './common'
import { userFilters, userSort } from './users'
import type { UiSettings } from '../models/settings'

/** A record with at most `max` keys: settings are small, and a page cannot grow the file without end. */
const boundedRecord = <V extends z.ZodType>(key: z.ZodString, value: V, max: number) =>
  z.record(key, value).refine((r) => Object.keys(r).length <= max, `At most ${max} entries.`)

export const settingsChannels = {
  'settings.get': channel<UiSettings>()(empty),
  /**
   * Changes what is given and keeps the rest. `usersLists` changes only the projects it names (null
   * forgets one); `usersColumns` replaces the widths.
   */
  'settings.update': channel<UiSettings>()(
    z.strictObject({
      privacy: z.boolean().optional(),
      lastProject: projectRef.nullable().optional(),
      usersLists: boundedRecord(
        projectRef,
        z.strictObject({ filters: userFilters, sort: userSort.nullable() }).nullable(),
        500,
      ).optional(),
      usersColumns: boundedRecord(
        z.string().min(1).max(40),
        z.number().int().min(40).max(2000),
        40,
      ).optional(),
    }),
  ),
}
