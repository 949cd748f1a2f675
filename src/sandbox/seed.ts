import { emailMetadata } from './email-metadata'
import type {
  IdentityRecord,
  LogRecord,
  MembershipRecord,
  SessionRecord,
  TargetRecord,
  UserRecord,
} from './records'
import type { Store } from './store'
import { defaultArgon2Options } from './user-factory'
import { noDevice, type DeviceInfo } from './user-agent'

/**
 * Deterministic demo data: the same count always gives the same users, so tests and screenshots
 * can rely on it. No hashing happens here; every password is one of two precomputed hashes of
 * SEED_PASSWORD, which keeps 100,000 users to a second or two.
 */
export const SEED_PASSWORD = 'password123'
const BCRYPT_HASH = '$2b$10$dxMhSaNGK4Cuhz/OjYi78ee8AAYKp7j61Zd4SwgIsA.JxzpGqBW.u'
const ARGON2_HASH =
  '$argon2id$v=19$m=65536,t=4,p=3$IumqfdLtmKrfwYvZ+bbgJg$TPnaBLPLI+ixzBJz9KML571H/KZ3S9CyMi4H44WksiA'

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Ava',
  'Elijah',
  'Sophia',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Levi',
  'Charlotte',
  'Ezra',
  'Harper',
  'Asher',
  'Luna',
  'James',
  'Aisha',
  'Yuki',
  'Priya',
  'Chen',
  'Fatima',
  'Lars',
  'Ingrid',
  'Diego',
  'Camila',
  'Kwame',
  'Amara',
  'Sven',
  'Hana',
  'Ravi',
  'Zoe',
  'Omar',
  'Leila',
  'Tomasz',
  'Agnieszka',
  'Kenji',
  'Sakura',
  'Pierre',
  'Chloé',
  'Jürgen',
  'Björn',
  'Nadia',
  'Ivan',
  'Elena',
  'Malik',
  'Grace',
]
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Nakamura',
  'Kowalski',
  'Müller',
  'Schmidt',
  'Dubois',
  'Rossi',
  'Andersson',
  'Nielsen',
  'Okafor',
  'Mensah',
  'Patel',
  'Singh',
  'Kim',
  'Park',
  'Nguyen',
  'Tanaka',
  'Ivanova',
  'Haddad',
  'Cohen',
  'Silva',
]
const DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'hotmail.com',
  'acme.io',
  'globex.com',
  'initech.co',
  'umbrella.org',
  'example.com',
  'mailinator.com',
]
const LABELS = ['vip', 'beta', 'staff', 'trial', 'premium', 'support', 'churnRisk', 'partner', 'earlyAdopter']
const THEMES = ['light', 'dark', 'system']
const LANGUAGES = ['en', 'en', 'de', 'fr', 'es', 'ja', 'pt', 'pl']
const TEAMS = [
  ['team-engineering', 'Engineering'],
  ['team-support', 'Support'],
  ['team-sales', 'Sales'],
  ['team-design', 'Design'],
  ['team-marketing', 'Marketing'],
  ['team-ops', 'Operations'],
] as const
const AGENTS: { ua: Partial<DeviceInfo>; ip: string }[] = [
  {
    ua: {
      osCode: 'MAC',
      osName: 'Mac',
      osVersion: '14.5',
      clientType: 'browser',
      clientCode: 'CH',
      clientName: 'Chrome',
      clientVersion: '126.0',
      clientEngine: 'Blink',
      clientEngineVersion: '126.0',
      deviceName: 'desktop',
      deviceBrand: 'Apple',
    },
    ip: '203.0.113.',
  },
  {
    ua: {
      osCode: 'WIN',
      osName: 'Windows',
      osVersion: '10',
      clientType: 'browser',
      clientCode: 'FF',
      clientName: 'Firefox',
      clientVersion: '127.0',
      clientEngine: 'Gecko',
      clientEngineVersion: '127.0',
      deviceName: 'desktop',
    },
    ip: '198.51.100.',
  },
  {
    ua: {
      osCode: 'IOS',
      osName: 'iOS',
      osVersion: '17.5',
      clientType: 'browser',
      clientCode: 'SF',
      clientName: 'Safari',
      clientVersion: '17.5',
      clientEngine: 'WebKit',
      clientEngineVersion: '605.1.15',
      deviceName: 'smartphone',
      deviceBrand: 'Apple',
      deviceModel: 'iPhone',
    },
    ip: '192.0.2.',
  },
  {
    ua: {
      osCode: 'AND',
      osName: 'Android',
      osVersion: '14',
      clientType: 'browser',
      clientCode: 'CH',
      clientName: 'Chrome Mobile',
      clientVersion: '126.0',
      clientEngine: 'Blink',
      clientEngineVersion: '126.0',
      deviceName: 'smartphone',
      deviceBrand: 'Samsung',
      deviceModel: 'Galaxy S23',
    },
    ip: '100.64.0.',
  },
]
const COUNTRIES = [
  ['us', 'United States'],
  ['de', 'Germany'],
  ['gb', 'United Kingdom'],
  ['jp', 'Japan'],
  ['br', 'Brazil'],
  ['in', 'India'],
  ['pl', 'Poland'],
] as const
const EVENTS = [
  'session.create',
  'session.delete',
  'user.update',
  'user.update.password',
  'user.update.prefs',
]

/** mulberry32: small, fast and good enough for demo data. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BASE_MS = Date.UTC(2023, 0, 1)
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')

/** Fills an empty store with `count` users and their sessions, logs, memberships, targets and identities. */
export function seedStore(store: Store, count: number): void {
  const random = prng(0x5eed ^ count)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const chance = (p: number) => random() < p
  const hex = (n: number) => {
    let out = ''
    while (out.length < n)
      out += Math.floor(random() * 0x100000000)
        .toString(16)
        .padStart(8, '0')
    return out.slice(0, n)
  }
  const step = SPAN_MS / Math.max(count, 1)

  for (let i = 0; i < count; i++) {
    const createdMs = BASE_MS + Math.floor(i * step + random() * step * 0.9)
    const created = iso(createdMs)
    // uniqid-like: the creation time in hex, then random hex.
    const id = (Math.floor(createdMs / 1000).toString(16) + hex(12)).slice(0, 20)
    const first = pick(FIRST)
    const last = pick(LAST)
    const hasEmail = chance(0.92)
    const ascii = (s: string) =>
      s
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase()
    const email = hasEmail ? `${ascii(first)}.${ascii(last)}${i}@${pick(DOMAINS)}` : null
    const phone = chance(0.6) || !hasEmail ? `+1555${String(i).padStart(7, '0')}` : null
    const passwordKind = random()
    const updatedMs = createdMs + Math.floor(random() * (BASE_MS + SPAN_MS + 30 * 86400000 - createdMs))
    const accessedMs = chance(0.85)
      ? Math.min(updatedMs + Math.floor(random() * 86400000 * 30), Date.now())
      : 0
    const mfa = chance(0.05)
    const labels = chance(0.45) ? [...new Set([pick(LABELS), ...(chance(0.3) ? [pick(LABELS)] : [])])] : []
    const user: UserRecord = {
      $id: id,
      seq: store.nextSeq(),
      $createdAt: created,
      $updatedAt: iso(updatedMs),
      name: chance(0.97) ? `${first} ${last}` : '',
      password: passwordKind < 0.7 ? BCRYPT_HASH : passwordKind < 0.8 ? ARGON2_HASH : null,
      hash: passwordKind < 0.7 ? 'bcrypt' : 'argon2',
      hashOptions: passwordKind < 0.7 ? { type: 'bcrypt', cost: 10 } : defaultArgon2Options(),
      registration: created,
      status: !chance(0.03),
      labels,
      passwordUpdate: passwordKind < 0.8 ? created : '',
      email,
      phone,
      emailVerification: hasEmail && chance(0.8),
      ...emailMetadata(email),
      phoneVerification: phone !== null && chance(0.5),
      mfa,
      prefs: chance(0.6) ? { theme: pick(THEMES), language: pick(LANGUAGES), newsletter: chance(0.4) } : {},
      accessedAt: accessedMs ? iso(accessedMs) : '',
      impersonator: chance(0.005),
      totp: mfa,
      recoveryCodes: mfa ? Array.from({ length: 6 }, () => hex(10)) : [],
    }
    store.putUser(user)

    for (const [type, identifier] of [
      ['email', email],
      ['sms', phone],
    ] as const) {
      if (!identifier) continue
      const target: TargetRecord = {
        $id: hex(20),
        $createdAt: created,
        $updatedAt: created,
        name: '',
        userId: id,
        providerId: null,
        providerType: type,
        identifier,
        expired: false,
      }
      store.putChild('target', target)
    }

    const agentFor = () => {
      const agent = pick(AGENTS)
      const [countryCode, countryName] = pick(COUNTRIES)
      return { agent, countryCode, countryName, ip: agent.ip + String(1 + Math.floor(random() * 254)) }
    }

    const sessionCount = user.status && accessedMs ? Math.floor(random() * 3) : 0
    for (let s = 0; s < sessionCount; s++) {
      const { agent, countryCode, countryName, ip } = agentFor()
      const sessionMs = Math.max(createdMs, accessedMs - Math.floor(random() * 86400000 * 20))
      const session: SessionRecord = {
        $id: hex(20),
        $createdAt: iso(sessionMs),
        $updatedAt: iso(sessionMs),
        userId: id,
        expire: iso(sessionMs + 31536000 * 1000),
        provider: user.password ? 'email' : 'oauth2',
        providerUid: email ?? '',
        providerAccessToken: '',
        providerAccessTokenExpiry: '',
        providerRefreshToken: '',
        ip,
        ...noDevice(),
        ...agent.ua,
        countryCode,
        countryName,
        factors: mfa ? ['password', 'totp'] : ['password'],
        mfaUpdatedAt: mfa ? iso(sessionMs) : '',
        secretHash: hex(64),
      }
      store.putChild('session', session)
    }

    const logCount = Math.floor(random() * 4)
    for (let l = 0; l < logCount; l++) {
      const { agent, countryCode, countryName, ip } = agentFor()
      const log: LogRecord = {
        $id: hex(20),
        userId: id,
        event: pick(EVENTS),
        mode: 'default',
        userType: 'user',
        ip,
        time: iso(createdMs + Math.floor(random() * (updatedMs - createdMs + 1))),
        ...noDevice(),
        ...agent.ua,
        countryCode,
        countryName,
      }
      store.putChild('log', log)
    }

    const membershipCount = chance(0.3) ? 1 + Math.floor(random() * 2) : 0
    const teams = new Set<number>()
    for (let m = 0; m < membershipCount; m++) teams.add(Math.floor(random() * TEAMS.length))
    for (const t of teams) {
      const [teamId, teamName] = TEAMS[t] as (typeof TEAMS)[number]
      const joined = iso(createdMs + Math.floor(random() * 86400000 * 10))
      const membership: MembershipRecord = {
        $id: hex(20),
        $createdAt: created,
        $updatedAt: joined,
        userId: id,
        teamId,
        teamName,
        invited: created,
        joined,
        confirm: true,
        roles: chance(0.15) ? ['owner'] : ['member'],
      }
      store.putChild('membership', membership)
    }

    if (email && chance(0.15)) {
      const provider = pick(['google', 'github', 'apple', 'microsoft'])
      const identity: IdentityRecord = {
        $id: hex(20),
        $createdAt: created,
        $updatedAt: created,
        userId: id,
        provider,
        providerUid: String(100000000 + Math.floor(random() * 899999999)),
        providerEmail: email,
        providerAccessToken: '',
        providerAccessTokenExpiry: iso(createdMs + 3600 * 1000),
        providerRefreshToken: '',
      }
      store.putChild('identity', identity)
    }
  }
}
