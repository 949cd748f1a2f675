/**
 * "Have I seen this value, and on which row?" for a million ids or emails without a million strings,
 * or a million Map entries, on the heap: each value becomes a 53-bit fingerprint (exact in a double)
 * kept in an open-addressing table of typed arrays, about 24 bytes a value. Two different values
 * collide with odds around 1 in 10,000 per million rows; the server's own uniqueness check still
 * stands behind it.
 */
export class FingerprintTable {
  private keys = new Float64Array(1024)
  private rows = new Int32Array(1024)
  private used = new Uint8Array(1024)
  private count = 0

  /** The row the value was first seen on, or -1 the first time (when it is recorded with `row`). */
  firstRowOrAdd(value: string, row: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.grow()
    const key = fingerprint53(value)
    const mask = this.keys.length - 1
    for (let i = key % this.keys.length; ; i = (i + 1) & mask) {
      if (!this.used[i]) {
        this.used[i] = 1
        this.keys[i] = key
        this.rows[i] = row
        this.count++
        return -1
      }
      if (this.keys[i] === key) return this.rows[i]!
    }
  }

  private grow(): void {
    const { keys, rows, used } = this
    const size = keys.length * 2
    this.keys = new Float64Array(size)
    this.rows = new Int32Array(size)
    this.used = new Uint8Array(size)
    const mask = size - 1
    for (let j = 0; j < keys.length; j++) {
      if (!used[j]) continue
      let i = keys[j]! % size
      while (this.used[i]) i = (i + 1) & mask
      this.used[i] = 1
      this.keys[i] = keys[j]!
      this.rows[i] = rows[j]!
    }
  }
}

/**
 * cyrb53, a public-domain 53-bit string hash: two 32-bit lanes mixed with Math.imul. It allocates
 * nothing, unlike a crypto digest per value, which matters at a million rows.
 */
export function fingerprint53(value: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
