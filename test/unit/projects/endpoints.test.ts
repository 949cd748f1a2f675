import { describe, expect, it } from 'vitest'
import {
  endpointProblem,
  insecureHttpProblem,
  isLoopbackHost,
  sendsKeyInClear,
  suggestedEndpoint,
} from '@shared/endpoints'

describe('endpoints', () => {
  it('knows loopback hosts, and nothing else, as this computer', () => {
    for (const url of [
      'http://localhost:8080/v1',
      'http://127.0.0.1/v1',
      'http://127.8.9.1/v1',
      'http://[::1]/v1',
    ])
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(true)
    for (const url of [
      'http://localhost.evil.example/v1',
      'http://127.0.0.1.evil.example/v1',
      'http://10.0.0.1/v1',
      'http://[::2]/v1',
    ])
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(false)
  })

  it('says when the key would travel unencrypted, and refuses it unless accepted', () => {
    expect(sendsKeyInClear('http://appwrite.example.com/v1')).toBe(true)
    expect(sendsKeyInClear('https://appwrite.example.com/v1')).toBe(false)
    expect(sendsKeyInClear('http://127.0.0.1:4000/v1')).toBe(false)
    expect(insecureHttpProblem('http://appwrite.example.com/v1', undefined)).toContain(
      'unencrypted to appwrite.example.com',
    )
    expect(insecureHttpProblem('http://appwrite.example.com/v1', true)).toBeNull()
    expect(insecureHttpProblem('http://localhost/v1', undefined)).toBeNull()
  })

  it('refuses other schemes, whatever else is accepted', () => {
    for (const endpoint of ['file:///v1', 'ftp://a.example/v1', 'javascript:alert(1)//v1'])
      expect(endpointProblem(endpoint), endpoint).toMatch(/must start with https:\/\//)
  })

  it('asks for /v1 and suggests the endpoint meant', () => {
    expect(endpointProblem('https://cloud.appwrite.io')).toBe(
      'An Appwrite endpoint ends in /v1, where its API is. Did you mean https://cloud.appwrite.io/v1?',
    )
    expect(endpointProblem('https://fra.cloud.appwrite.io/v1')).toBeNull()
    expect(endpointProblem('https://fra.cloud.appwrite.io/v1/')).toBeNull()
    expect(endpointProblem('fra.cloud.appwrite.io')).toContain(
      'Did you mean https://fra.cloud.appwrite.io/v1?',
    )
    expect(endpointProblem('https://appwrite.example.com/v1?x=1')).toContain('"?" or "#"')
  })

  it('suggests the scheme, /v1, or cutting what follows it; nothing for a good endpoint', () => {
    const cases: [string, string | null][] = [
      ['https://cloud.appwrite.io', 'https://cloud.appwrite.io/v1'],
      ['https://fra.cloud.appwrite.io/', 'https://fra.cloud.appwrite.io/v1'],
      ['fra.cloud.appwrite.io', 'https://fra.cloud.appwrite.io/v1'],
      ['http://nyc.cloud.appwrite.io/v1', 'https://nyc.cloud.appwrite.io/v1'],
      ['https://cloud.appwrite.io/console/project-abc/overview', 'https://cloud.appwrite.io/v1'],
      ['https://appwrite.example.com/v1/users', 'https://appwrite.example.com/v1'],
      ['https://example.com/appwrite', 'https://example.com/appwrite/v1'],
      ['localhost:8080', 'http://localhost:8080/v1'],
      ['https://fra.cloud.appwrite.io/v1', null],
      ['https://fra.cloud.appwrite.io/v1/', null],
      ['ftp://cloud.appwrite.io', null],
      ['not a url', null],
      ['', null],
    ]
    for (const [typed, meant] of cases) expect(suggestedEndpoint(typed), typed).toBe(meant)
  })
})
