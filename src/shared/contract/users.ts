import { z } from 'zod'
import { channel } from './define'
import { projectRef, userId } from './common'
import { SEARCH_MAX } from '../appwrite-limits'
import type { UserPage } from '../models'

export const usersChannels = {
  'users.list': channel<UserPage>()(
    z.strictObject({
      project: projectRef,
      search: z.string().max(SEARCH_MAX, `Search is at most ${SEARCH_MAX} characters.`).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      /** The last user id of the previous page. */
      cursor: userId.optional(),
    }),
  ),
}
