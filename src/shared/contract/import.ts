export const importChannels = {}

export const importEvents = {}
