import { Account, Client, Users } from 'node-appwrite'
import { AppwriteException } from 'node-appwrite'
import { expect } from 'vitest'
import { startSandbox } from '../../../src/sandbox'
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox'

export const PROJECT = 'test-project'
export const KEY = 'test-key'

export async function sandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  return startSandbox({ projectId: PROJECT, apiKey: KEY, quiet: true, ...options })
}

export function usersFor(sb: RunningSandbox, key = KEY, project = PROJECT): Users {
  return new Users(new Client().setEndpoint(sb.url).setProject(project).setKey(key))
}

export function accountFor(sb: RunningSandbox): Account {
  return new Account(new Client().setEndpoint(sb.url).setProject(sb.projectId))
}

/** Awaits a rejected SDK call and checks Appwrite's error triple. */
export async function expectError(
  call: Promise<unknown>,
  code: number,
  type: string,
  message?: string | RegExp,
): Promise<AppwriteException> {
  const error = await call.then(
    () => {
      throw new Error(`expected ${code} ${type}, got success`)
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppwriteException)
  const exception = error as AppwriteException
  expect({ code: exception.code, type: exception.type }).toEqual({ code, type })
  if (message !== undefined) {
    if (typeof message === 'string') expect(exception.message).toBe(message)
    else expect(exception.message).toMatch(message)
  }
  const body = JSON.parse(exception.response) as Record<string, unknown>
  expect(Object.keys(body)).toEqual(['message', 'code', 'type', 'version'])
  expect(body['version']).toBe('1.9.6')
  return exception
}

/** Raw request for what the SDK cannot express (health, fault modes, headers). */
export async function raw(
  sb: RunningSandbox,
  path: string,
  init: RequestInit & { key?: string | null; project?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init.project !== null) headers['x-appwrite-project'] = init.project ?? sb.projectId
  if (init.key !== null) headers['x-appwrite-key'] = init.key ?? KEY
  return fetch(sb.url + path, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
  })
}
