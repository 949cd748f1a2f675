// FC_SEED=N runs every fast-check property with seed N: the seed a failed run printed replays it.
import fc from 'fast-check'

const seed = process.env.FC_SEED
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be a whole number, not "${seed}".`)
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) })
}
