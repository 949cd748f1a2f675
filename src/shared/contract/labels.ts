export const labelsChannels = {}

export const labelsEvents = {}
