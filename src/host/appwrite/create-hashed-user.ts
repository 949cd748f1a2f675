import type { Models, PasswordHash, Users } from 'node-appwrite'
import type { PasswordHashInput } from '@shared/contract/users'

export type HashedPassword = PasswordHashInput

export interface NewUser {
  userId: string
  email: string
  name?: string
}

/**
 * Creates a user whose password arrives as a hash made elsewhere, through the one Appwrite endpoint
 * that keeps that algorithm (and its parameters) so the original password still signs in. The user
 * browser's "create" and the importer both come through here.
 */
export function createHashedUser(
  users: Users,
  user: NewUser,
  hash: HashedPassword,
): Promise<Models.User<Models.Preferences>> {
  const common = {
    userId: user.userId,
    email: user.email,
    password: hash.hash,
    // Appwrite refuses an empty name on create (Text(128): at least one character); none means ''.
    ...(user.name ? { name: user.name } : {}),
  }
  switch (hash.type) {
    case 'argon2':
      return users.createArgon2User(common)
    case 'bcrypt':
      return users.createBcryptUser(common)
    case 'md5':
      return users.createMD5User(common)
    case 'phpass':
      return users.createPHPassUser(common)
    case 'sha':
      return users.createSHAUser({
        ...common,
        ...(hash.version ? { passwordVersion: hash.version as PasswordHash } : {}),
      })
    case 'scrypt':
      return users.createScryptUser({
        ...common,
        passwordSalt: hash.salt,
        passwordCpu: hash.cpu,
        passwordMemory: hash.memory,
        passwordParallel: hash.parallel,
        passwordLength: hash.length,
      })
    case 'scryptModified':
      return users.createScryptModifiedUser({
        ...common,
        passwordSalt: hash.salt,
        passwordSaltSeparator: hash.saltSeparator,
        passwordSignerKey: hash.signerKey,
      })
  }
}
