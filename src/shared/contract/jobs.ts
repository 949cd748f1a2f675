export const jobsChannels = {}

export const jobsEvents = {}
