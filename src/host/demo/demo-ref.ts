/** The built-in demo project's ref, the project a command uses when none is named. */
export const DEMO_PROJECT_REF = 'demo'
