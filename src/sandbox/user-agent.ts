/**
 * A small stand-in for Appwrite's device detector: enough to fill the session/log fields for
 * common browsers and systems. Unknown agents leave the fields empty, as Appwrite does.
 */
export interface DeviceInfo {
  osCode: string
  osName: string
  osVersion: string
  clientType: string
  clientCode: string
  clientName: string
  clientVersion: string
  clientEngine: string
  clientEngineVersion: string
  deviceName: string
  deviceBrand: string
  deviceModel: string
}

const OSES: [RegExp, string, string][] = [
  [/Windows NT ([\d.]+)/, 'WIN', 'Windows'],
  [/iPhone OS ([\d_]+)/, 'IOS', 'iOS'],
  [/Android ([\d.]+)/, 'AND', 'Android'],
  [/Mac OS X ([\d_]+)/, 'MAC', 'Mac'],
  [/Linux()/, 'LIN', 'GNU/Linux'],
]

const CLIENTS: [RegExp, string, string, string][] = [
  [/Edg\/([\d.]+)/, 'PS', 'Microsoft Edge', 'Blink'],
  [/Firefox\/([\d.]+)/, 'FF', 'Firefox', 'Gecko'],
  [/Chrome\/([\d.]+)/, 'CH', 'Chrome', 'Blink'],
  [/Version\/([\d.]+).*Safari/, 'SF', 'Safari', 'WebKit'],
]

/** Every device field empty: what Appwrite stores for an agent its detector does not know. */
export function noDevice(): DeviceInfo {
  return {
    osCode: '',
    osName: '',
    osVersion: '',
    clientType: '',
    clientCode: '',
    clientName: '',
    clientVersion: '',
    clientEngine: '',
    clientEngineVersion: '',
    deviceName: '',
    deviceBrand: '',
    deviceModel: '',
  }
}

export function detectDevice(userAgent: string): DeviceInfo {
  const info = noDevice()
  for (const [re, code, name] of OSES) {
    const m = re.exec(userAgent)
    if (m) {
      info.osCode = code
      info.osName = name
      info.osVersion = (m[1] ?? '').replaceAll('_', '.')
      break
    }
  }
  for (const [re, code, name, engine] of CLIENTS) {
    const m = re.exec(userAgent)
    if (m) {
      info.clientType = 'browser'
      info.clientCode = code
      info.clientName = name
      info.clientVersion = m[1] ?? ''
      info.clientEngine = engine
      info.clientEngineVersion = m[1] ?? ''
      break
    }
  }
  if (info.osName) {
    info.deviceName = /Mobile|iPhone|Android/.test(userAgent) ? 'smartphone' : 'desktop'
    if (info.osCode === 'IOS' || info.osCode === 'MAC') info.deviceBrand = 'Apple'
  }
  return info
}
