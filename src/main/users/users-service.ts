import { Query } from 'node-appwrite'
import type { ParsedInput } from '@shared/contract'
import { TOTAL_CAP } from '@shared/appwrite-limits'
import type { UserPage } from '@shared/models'
import type { ProjectsService } from '../projects/projects-service'
import { toUserRecord } from './user-record'

export class UsersService {
  constructor(private readonly projects: ProjectsService) {}

  /** One page of users. Filtering, search and paging all run on the server as Appwrite queries. */
  async list(input: ParsedInput<'users.list'>): Promise<UserPage> {
    const { clients } = await this.projects.resolve(input.project)
    const queries = [Query.limit(input.limit)]
    if (input.cursor) queries.push(Query.cursorAfter(input.cursor))
    const search = input.search?.trim()
    const result = await clients.users.list({ queries, ...(search ? { search } : {}) })
    const users = result.users.map(toUserRecord)
    return {
      users,
      total: result.total,
      totalCapped: result.total >= TOTAL_CAP,
      nextCursor: users.length === input.limit ? (users.at(-1)?.id ?? null) : null,
    }
  }
}
