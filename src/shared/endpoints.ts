/**
 * Which URLs Userdeck sends an API key to, written once for the form, the host and the CLI: https
 * anywhere, plain http only to this computer or when the person accepts it for the project.
 */

/** Where a hostname can only be this computer, so plain http never crosses a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  // URL gives IPv6 hosts in brackets and IPv4 in dotted form ("127.1" becomes "127.0.0.1").
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** Whether the key would travel unencrypted: plain http to another machine. */
export function sendsKeyInClear(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false
  const url = new URL(endpoint)
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname)
}

/** One spelling per endpoint, so the same server is recognised on import and in the client cache. */
export function normaliseEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '')
}

const V1_END = /\/v1$/

/**
 * The Appwrite endpoint a person most likely meant, when what they typed is not one: the scheme
 * added, `/v1` added or everything after it cut, Appwrite Cloud on https. Null when there is nothing
 * to correct, or no good guess.
 */
export function suggestedEndpoint(typed: string): string | null {
  const text = typed.trim()
  if (!text || /\s/.test(text)) return null
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`
  if (!URL.canParse(withScheme)) return null
  const url = new URL(withScheme)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.username || url.password || !url.hostname.includes('.')) {
    if (!isLoopbackHost(url.hostname)) return null
  }
  const cloud = url.hostname === 'cloud.appwrite.io' || url.hostname.endsWith('.cloud.appwrite.io')
  if (cloud) url.protocol = 'https:'
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && isLoopbackHost(url.hostname)) url.protocol = 'http:'
  const path = url.pathname.replace(/\/+$/, '')
  const v1 = path.indexOf('/v1/')
  // A console address or any other page of Appwrite Cloud: its API lives at /v1 of the same host.
  const apiPath = cloud ? '/v1' : V1_END.test(path) ? path : v1 >= 0 ? path.slice(0, v1 + 3) : `${path}/v1`
  const suggestion = `${url.origin}${apiPath}`
  return suggestion === normaliseEndpoint(text) ? null : suggestion
}

/**
 * Why an endpoint cannot be an Appwrite endpoint, with the endpoint likely meant; null when it can.
 * Plain http to another machine is a separate question (`insecureHttpProblem`), as the person may
 * accept it for one project.
 */
export function endpointProblem(endpoint: string, { suggest = true } = {}): string | null {
  // The form shows the suggestion with a button of its own, so it asks for the problem alone.
  const suggestion = suggest ? suggestedEndpoint(endpoint) : null
  const didYouMean = suggestion ? ` Did you mean ${suggestion}?` : ''
  if (!URL.canParse(endpoint))
    return `The endpoint must be a full URL, e.g. https://cloud.appwrite.io/v1.${didYouMean}`
  const url = new URL(endpoint)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `The endpoint must start with https:// (${url.protocol} is not an Appwrite address).`
  if (url.username || url.password) return 'The endpoint must not contain a user name or password.'
  if (url.search || url.hash) return 'The endpoint must not contain "?" or "#" parts.'
  if (!V1_END.test(url.pathname.replace(/\/+$/, '')))
    return `An Appwrite endpoint ends in /v1, where its API is.${didYouMean}`
  return null
}

/** Why plain http is refused for this endpoint, unless the person accepted it; null when it is fine. */
export function insecureHttpProblem(endpoint: string, allowInsecureHttp: boolean | undefined): string | null {
  if (allowInsecureHttp === true || !sendsKeyInClear(endpoint)) return null
  return (
    `Plain http:// would send the API key unencrypted to ${new URL(endpoint).host}. Use https://, ` +
    'or accept unencrypted http for this project explicitly (allowInsecureHttp, --allow-insecure-http).'
  )
}
