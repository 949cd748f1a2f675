/**
 * The renderer's Content Security Policy, written once: Vite puts it in index.html's meta tag (so the
 * Chromium shell enforces it too) and the Electron protocol handler sends it as a header.
 * The renderer has no network of its own (`connect-src 'none'`); every Appwrite call goes through main.
 * Styles allow 'unsafe-inline' because Mantine sets CSS variables through style attributes; scripts
 * never do.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "worker-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** The origin the app's page is served from, in Electron (custom protocol) and in the Chromium shell. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'userdeck'
export const ELECTRON_APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const CHROMIUM_APP_ORIGIN = 'http://userdeck.localhost'
