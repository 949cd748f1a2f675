import type { sessionsChannels } from '@shared/contract/sessions'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { describeSelection } from '../jobs/describe'
import { endAllSessions, lockOutKind, recordEnded, sessionKillKind, toSessionView } from './session-kinds'
import { whoIs } from '../audit/record-write'

export function createSessionsFeature(core: Core, engine: JobEngine): Feature<typeof sessionsChannels> {
  engine.register(sessionKillKind(core))
  engine.register(lockOutKind(core))

  return {
    handlers: {
      'sessions.list': async ({ project, userId }) => {
        const { clients } = await core.projects.resolve(project)
        const list = await clients.users.listSessions({ userId })
        return list.sessions.map(toSessionView)
      },
      'sessions.kill': async ({ project: ref, userId, sessionId, confirm }) => {
        const project = await core.projects.resolveForWrite(ref, { confirm })
        if (sessionId) {
          await project.clients.users.deleteSession({ userId, sessionId })
          recordEnded(core, project, userId, [sessionId], await whoIs(project, userId))
          return { ended: 1 }
        }
        const list = await project.clients.users.listSessions({ userId })
        const ids = list.sessions.map((s) => s.$id)
        if (ids.length > 0) await endAllSessions(core, project, userId, ids, await whoIs(project, userId))
        return { ended: ids.length }
      },
      'sessions.bulkKill': ({ project, selection }) =>
        engine.create({
          kind: 'sessions.kill',
          project,
          params: { selection },
          title: `End all sessions of ${describeSelection(selection)}`,
        }),
      'sessions.lockOut': ({ project, selection }) =>
        engine.create({
          kind: 'sessions.lockOut',
          project,
          params: { selection },
          title: `Lock out ${describeSelection(selection)}: block and end all sessions`,
        }),
    },
  }
}
