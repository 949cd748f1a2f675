/** Sessions as the Sessions tab and the bulk kill show them. */

/** One session of a user, as the Sessions tab shows it. */
export interface SessionView {
  id: string
  createdAt: string
  expire: string
  provider: string
  ip: string
  clientName: string
  osName: string
  deviceName: string
  countryName: string
}
