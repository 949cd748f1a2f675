import { isAbsolute, join, normalize, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from '@shared/csp'

/** Headers every renderer file is served with: the one CSP (the meta tag's twin) and no sniffing. */
export const RENDERER_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
}

/**
 * The file under `root` that `app://userdeck/<path>` names, or null when the URL is not the app's or
 * would leave the folder (`..`, encoded separators, backslashes, NUL). Decoding happens once, and
 * the result is checked with `relative`, not `startsWith`, so `/renderer-evil` is not inside `/renderer`.
 */
export function resolveRendererPath(root: string, rawUrl: string): string | null {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  const base = normalize(root)
  const file = normalize(join(base, path))
  const inside = relative(base, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null
  return file
}

export interface ProtocolDeps {
  protocol: {
    registerSchemesAsPrivileged(
      schemes: { scheme: string; privileges: { standard: boolean; secure: boolean } }[],
    ): void
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void
  }
  net: { fetch(url: string): Promise<Response> }
}

/** Must run before `app.ready`: the scheme is standard and secure, so it gets a real origin. */
export function registerAppScheme(deps: Pick<ProtocolDeps, 'protocol'>): void {
  deps.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ])
}

/**
 * Serves the built renderer from `app://userdeck/…` instead of file://, which would grant the page
 * every file on disk. Only GET, only files inside the renderer folder; anything else is a 404.
 */
export function serveRenderer(deps: ProtocolDeps, rendererDir: string): void {
  deps.protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveRendererPath(rendererDir, request.url) : null
    if (file === null) return new Response('Not found', { status: 404, headers: RENDERER_HEADERS })
    // A missing file makes net.fetch reject; the page gets a plain 404 rather than a failed load.
    const response = await deps.net.fetch(pathToFileURL(file).toString()).catch(() => null)
    if (response === null) return new Response('Not found', { status: 404, headers: RENDERER_HEADERS })
    const headers = new Headers(response.headers)
    for (const [name, value] of Object.entries(RENDERER_HEADERS)) headers.set(name, value)
    return new Response(response.body, { status: response.status, headers })
  })
}
