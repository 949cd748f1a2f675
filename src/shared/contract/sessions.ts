export const sessionsChannels = {}

export const sessionsEvents = {}
