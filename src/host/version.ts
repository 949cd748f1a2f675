/** Userdeck's version, as `app.info` and `userdeck --version` report it. */
export const APP_VERSION = '0.1.0'
