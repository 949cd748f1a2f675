/**
 * "Have I seen this string, and with what number?" for a million ids, emails or row keys without a
 * million strings, or a million Map entries, on the heap. Each string becomes a 96-bit fingerprint
 * kept in an open-addressing table of typed arrays, 16 bytes a slot, at most 3/4 full. Two different
 * strings among a million share a fingerprint with odds around 1 in 10^16: far below a disk's own
 * error rate, which is the bar for a table that decides whether a row was already written.
 */
export class FingerprintTable {
  private a = new Uint32Array(MIN_SLOTS)
  private b = new Uint32Array(MIN_SLOTS)
  private c = new Uint32Array(MIN_SLOTS)
  /** The number kept with each string, plus one: 0 marks an empty slot. */
  private values = new Int32Array(MIN_SLOTS)
  private count = 0

  get size(): number {
    return this.count
  }

  /** The number first recorded with the string, or -1 the first time (when it is recorded with `value` ≥ 0). */
  firstValueOrAdd(key: string, value: number): number {
    if ((this.count + 1) * 4 > this.values.length * 3) this.grow()
    fingerprint96(key)
    const i = this.find()
    if (this.values[i]) return this.values[i]! - 1
    this.put(i, value)
    this.count++
    return -1
  }

  has(key: string): boolean {
    fingerprint96(key)
    return this.values[this.find()] !== 0
  }

  /** The slot holding the last fingerprint computed, or the empty slot where it belongs. */
  private find(): number {
    const [fa, fb, fc] = lanes
    const mask = this.values.length - 1
    for (let i = fa! & mask; ; i = (i + 1) & mask) {
      if (!this.values[i]) return i
      if (this.a[i] === fa && this.b[i] === fb && this.c[i] === fc) return i
    }
  }

  private put(i: number, value: number): void {
    this.a[i] = lanes[0]!
    this.b[i] = lanes[1]!
    this.c[i] = lanes[2]!
    this.values[i] = value + 1
  }

  private grow(): void {
    const { a, b, c, values } = this
    const size = values.length * 2
    this.a = new Uint32Array(size)
    this.b = new Uint32Array(size)
    this.c = new Uint32Array(size)
    this.values = new Int32Array(size)
    for (let j = 0; j < values.length; j++) {
      if (!values[j]) continue
      lanes[0] = a[j]!
      lanes[1] = b[j]!
      lanes[2] = c[j]!
      this.put(this.find(), values[j]! - 1)
    }
  }
}

/** A set of strings on a FingerprintTable: a million journal keys in 32 MB outside the JS heap. */
export class KeySet {
  private readonly table = new FingerprintTable()

  get size(): number {
    return this.table.size
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    return this.table.firstValueOrAdd(key, 0) === -1
  }

  has(key: string): boolean {
    return this.table.has(key)
  }
}

const MIN_SLOTS = 1024

/** The last fingerprint computed: three 32-bit lanes, kept here so hashing allocates nothing. */
const lanes = new Uint32Array(3)

/**
 * Three lanes of cyrb53-style mixing (public domain: Math.imul multiply-xorshift over the UTF-16 code
 * units, with a different seed and multiplier per lane) written into `lanes`.
 */
export function fingerprint96(value: string): Uint32Array {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  let h3 = 0x9e3779b9
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
    h3 = Math.imul(h3 ^ ch, 2246822519)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h3 ^ (h3 >>> 13), 3266489909)
  h3 = Math.imul(h3 ^ (h3 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  lanes[0] = h1
  lanes[1] = h2
  lanes[2] = h3
  return lanes
}
