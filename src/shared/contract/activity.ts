export const activityChannels = {}

export const activityEvents = {}
