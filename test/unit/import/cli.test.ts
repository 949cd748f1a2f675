import { readFileSync, writeFileSync } from 'node:fs'
import { Query } from 'node-appwrite'
import { describe, expect, it } from 'vitest'
import { runCliPatiently } from '../helpers/run-cli'
import { createHostInternals } from '../../../src/host/host'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { fixture, login } from './helpers'

/** A Firebase hash config Appwrite cannot verify (rounds 4, mem_cost 15), written in `dir`. */
function refusedHashConfig(dir: string): string {
  const config = `${dir}/hash.txt`
  writeFileSync(
    config,
    'hash_config {\n  algorithm: SCRYPT,\n  base64_signer_key: AAAA,\n  base64_salt_separator: Bw==,\n  rounds: 4,\n  mem_cost: 15,\n}\n',
  )
  return config
}

describe('userdeck import', () => {
  it('imports a Firebase export with the console hash_config block, then the people log in', async () => {
    const dataDir = tempDir()
    const io = captureIo()
    const argv = [
      '--data-dir',
      dataDir,
      '--json',
      'import',
      fixture('firebase-users.json'),
      '--project',
      'demo',
    ]
    const code = await runCliPatiently(
      [...argv, '--hash-config', fixture('firebase-hash-config.txt'), '--yes'],
      io,
    )
    expect(io.stderr).toBe('')
    expect(code).toBe(0)
    const out = JSON.parse(io.stdout) as {
      job: { state: string; counts: Record<string, number> }
      inspection: { format: string }
    }
    expect(out.inspection.format).toBe('firebase')
    expect(out.job).toMatchObject({
      state: 'completed',
      counts: { total: 4, done: 4, failed: 0, skipped: 0 },
    })

    const again = captureIo()
    expect(await runCliPatiently(['--data-dir', dataDir, 'jobs', 'list'], again)).toBe(0)
    expect(again.stdout).toMatch(/completed/)

    const host = await createHostInternals({ dataDir, shell: 'cli' })
    try {
      const demo = await host.core.projects.resolve('demo')
      const sandbox = { url: demo.entry.endpoint, projectId: demo.entry.projectId }
      expect(await login(sandbox as never, 'fb1@firebase.example', 'user1password')).toBe(true)
      expect(await login(sandbox as never, 'fb2@firebase.example', 'firebase-second-pw')).toBe(true)
      expect(await login(sandbox as never, 'fb2@firebase.example', 'wrong-password')).toBe(false)
    } finally {
      await host.close()
    }
  })

  it('without --yes, rows with problems stop it with the validation report and nothing is written', async () => {
    const dataDir = tempDir()
    writeFileSync(`${dataDir}/people.csv`, 'email,name\nok@example.com,Ok\nnot-an-email,Bad\n')
    const io = captureIo()
    const code = await runCliPatiently(
      ['--data-dir', dataDir, 'import', `${dataDir}/people.csv`, '--project', 'demo'],
      io,
    )
    expect(code).toBe(1)
    expect(io.stderr).toMatch(/CSV/)
    expect(io.stderr).toMatch(/not-an-email/)
    expect(io.stdout).toMatch(/Nothing was written/)
    const host = await createHostInternals({ dataDir, shell: 'cli' })
    try {
      const demo = await host.core.projects.resolve('demo')
      const found = await demo.clients.users.list({ queries: [Query.equal('email', 'ok@example.com')] })
      expect(found.total).toBe(0)
    } finally {
      await host.close()
    }
  })

  it('--problems writes every row with a problem to the file named, not only the first of each kind', async () => {
    const dataDir = tempDir()
    const bad = Array.from({ length: 1200 }, (_, i) => `broken-${i},Broken ${i}`)
    writeFileSync(
      `${dataDir}/people.csv`,
      ['email,name', 'ok@example.com,Ok', ...bad, '"x,""y",Quoted', 'ok2@example.com,Ok'].join('\n'),
    )
    const io = captureIo()
    const code = await runCliPatiently(
      [
        '--data-dir',
        dataDir,
        'import',
        `${dataDir}/people.csv`,
        '--project',
        'demo',
        '--dry-run',
        '--problems',
        `${dataDir}/problems.csv`,
      ],
      io,
    )
    expect(code).toBe(0)
    // The summary lists five of them, and says where the rest are.
    expect(io.stderr).toContain(`Email is not valid: … and 1196 more (all in ${dataDir}/problems.csv)\n`)
    expect(io.stderr).toContain(`wrote 1201 problems to ${dataDir}/problems.csv`)
    const [head, ...lines] = readFileSync(`${dataDir}/problems.csv`, 'utf8').trimEnd().split('\n')
    expect(head).toBe('row,rule,field,message,id,email,phone')
    // Rows 3 to 1,203 (the header is row 1, ok@ row 2), and neither good row.
    expect(lines.map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 1201 }, (_, i) => i + 3))
    expect(lines[0]).toBe('3,email_invalid,email,"""broken-0"" is not a valid email address.",,broken-0,')
    expect(lines.at(-1)).toBe('1203,email_invalid,email,"""x,""y"" is not a valid email address.",,"x,""y",')
    expect(lines.join('\n')).not.toMatch(/ok2?@example\.com/)
  })

  it('the summary says how many rows of each kind of problem it does not list, and how to get them all', async () => {
    const dataDir = tempDir()
    // 8 bad emails and 2 emails twice in the file: five of the first listed, both of the second.
    const bad = Array.from({ length: 8 }, (_, i) => `broken-${i},Broken ${i}`)
    const twice = [
      'one@example.com,One',
      'two@example.com,Two',
      'one@example.com,Again',
      'two@example.com,Again',
    ]
    writeFileSync(`${dataDir}/people.csv`, ['email,name', ...bad, ...twice].join('\n'))
    const io = captureIo()
    const argv = ['--data-dir', dataDir, 'import', `${dataDir}/people.csv`, '--project', 'demo', '--dry-run']
    expect(await runCliPatiently(argv, io)).toBe(0)
    const summary = io.stderr.split('\n')
    expect(summary.filter((l) => l.startsWith('Email is not valid '))).toHaveLength(5)
    expect(summary).toContain('Email is not valid: … and 3 more; --problems FILE saves them all')
    expect(summary.filter((l) => l.startsWith('Email appears twice'))).toHaveLength(2)
    expect(io.stderr).not.toMatch(/Email appears twice[^\n]*: … and/)
  })

  it('a Firebase row whose salt is not base64 stops at validation with the row and field, not at the server', async () => {
    const dir = tempDir()
    const exported = JSON.parse(readFileSync(fixture('firebase-users.json'), 'utf8')) as {
      users: { salt?: string }[]
    }
    exported.users[2]!.salt = 'not*base64=='
    writeFileSync(`${dir}/users.json`, JSON.stringify(exported))
    const io = captureIo()
    const argv = ['--data-dir', dir, 'import', `${dir}/users.json`, '--project', 'demo']
    const code = await runCliPatiently([...argv, '--hash-config', fixture('firebase-hash-config.txt')], io)
    expect(code).toBe(1)
    expect(io.stderr).toMatch(
      /Password hash, salt or key is not base64 +1 +3 +salt +The Firebase salt must be base64/,
    )
    expect(io.stdout).toMatch(/Nothing was written/)
  })

  it('--dry-run writes nothing and names the planned job that would apply it', async () => {
    const dataDir = tempDir()
    const io = captureIo()
    const argv = [
      '--data-dir',
      dataDir,
      'import',
      fixture('auth0-users.ndjson'),
      '--project',
      'demo',
      '--dry-run',
    ]
    expect(await runCliPatiently(argv, io)).toBe(0)
    expect(io.stdout).toMatch(/row 1: a0user1@auth0\.example +change/)
    const planned = /to apply it as previewed: userdeck jobs start (\S+)$/m.exec(io.stderr)?.[1]
    const list = captureIo()
    await runCliPatiently(['--data-dir', dataDir, '--json', 'jobs', 'list'], list)
    expect((JSON.parse(list.stdout) as { id: string; state: string }[]).map((j) => [j.id, j.state])).toEqual([
      [planned, 'planned'],
    ])
    const users = captureIo()
    await runCliPatiently(['--data-dir', dataDir, '--json', 'users', 'list', '--search', 'auth0'], users)
    expect((JSON.parse(users.stdout) as { users: unknown[] }).users).toEqual([])
  })

  it('refuses a hash config Appwrite cannot verify, saying what to do', async () => {
    const dir = tempDir()
    const config = refusedHashConfig(dir)
    const io = captureIo()
    const code = await runCliPatiently(
      [
        '--data-dir',
        dir,
        'import',
        fixture('firebase-users.json'),
        '--project',
        'demo',
        '--hash-config',
        config,
      ],
      io,
    )
    expect(code).toBe(2)
    expect(io.stderr).toMatch(/rounds 8 and mem_cost 14/)
    expect(io.stderr).toMatch(/--no-passwords in the CLI/)
  })

  it('--no-passwords imports a Firebase export whose hash config Appwrite refuses, without passwords, as the window does', async () => {
    const dir = tempDir()
    const config = refusedHashConfig(dir)
    const io = captureIo()
    const argv = ['--data-dir', dir, '--json', 'import', fixture('firebase-users.json'), '--project', 'demo']
    const code = await runCliPatiently([...argv, '--hash-config', config, '--no-passwords', '--yes'], io)
    expect(io.stderr).toBe('')
    expect(code).toBe(0)
    const out = JSON.parse(io.stdout) as {
      job: { state: string; counts: Record<string, number> }
      inspection: { mapping: Record<string, string>; detectedHashes: unknown[]; notes: string[] }
      validation: { problems: unknown[] }
    }
    // No password field is mapped, so no hash is read, and no hash config is asked for.
    expect(Object.keys(out.inspection.mapping)).not.toContain('password')
    expect(out.inspection.detectedHashes).toEqual([])
    expect(out.inspection.notes.join(' ')).not.toMatch(/hash config/)
    expect(out.validation.problems).toEqual([])
    expect(out.job).toMatchObject({ state: 'completed', counts: { total: 4, done: 4, failed: 0 } })

    const host = await createHostInternals({ dataDir: dir, shell: 'cli' })
    try {
      const demo = await host.core.projects.resolve('demo')
      const user = await demo.clients.users.get({ userId: 'fbUid1AbCdEfGhIjKlMnOpQrStUv' })
      expect(user.email).toBe('fb1@firebase.example')
      expect(user.password ?? '').toBe('')
      const sandbox = { url: demo.entry.endpoint, projectId: demo.entry.projectId }
      expect(await login(sandbox as never, 'fb1@firebase.example', 'user1password')).toBe(false)
    } finally {
      await host.close()
    }
  })

  it('refuses a Firebase export with passwords but no --hash-config, naming both ways on, and plans nothing', async () => {
    const dir = tempDir()
    const io = captureIo()
    const argv = ['--data-dir', dir, 'import', fixture('firebase-users.json'), '--project', 'demo']
    const code = await runCliPatiently([...argv, '--dry-run'], io)
    expect(code).toBe(2)
    expect(io.stderr).toContain("Firebase passwords need the project's hash config: --hash-config FILE")
    expect(io.stderr).toContain('--no-passwords')
    const jobs = captureIo()
    expect(await runCliPatiently(['--data-dir', dir, '--json', 'jobs', 'list'], jobs)).toBe(0)
    expect(JSON.parse(jobs.stdout)).toEqual([])
  })

  it('refuses a --map naming a column the CSV lacks, naming it and the columns there, and changes nobody', async () => {
    const dir = tempDir()
    const file = `${dir}/people.csv`
    writeFileSync(file, 'email,full name,tags\nmapped@example.com,Mapped Person,vip\n')
    const cli = async (...argv: string[]) => {
      const io = captureIo()
      const code = await runCliPatiently(
        ['--data-dir', dir, 'import', file, '--project', 'demo', ...argv],
        io,
      )
      return { code, io }
    }
    const first = await cli('--yes')
    expect(first.code, first.io.stderr).toBe(0)
    // The headers as someone remembered them: "Full name" and "tag", where the file says "full name" and "tags".
    writeFileSync(`${dir}/map.json`, '{"email": "email", "name": "Full name", "labels": "tag"}')
    const refused = await cli('--map', `${dir}/map.json`, '--on-existing', 'update', '--yes')
    expect(refused.code).toBe(2)
    expect(refused.io.stderr).toContain(
      'error (invalid_input): --map: The file has no column "Full name" (mapped to name). Its columns: "email", "full name", "tags".',
    )

    const host = await createHostInternals({ dataDir: dir, shell: 'cli' })
    try {
      const demo = await host.core.projects.resolve('demo')
      const found = await demo.clients.users.list({ queries: [Query.equal('email', 'mapped@example.com')] })
      expect(found.users.map((u) => [u.name, u.labels])).toEqual([['Mapped Person', ['vip']]])
      expect(host.services.jobs.list().map((j) => j.state)).toEqual(['completed'])
    } finally {
      await host.close()
    }
  })

  it('a path with no file, or a folder, is named with what is wrong with it, and nothing is planned', async () => {
    const dataDir = tempDir()
    const folder = tempDir()
    const missing = `${folder}/users.csv`
    for (const [path, said] of [
      [missing, `There is no file at ${missing}.`],
      [folder, `${folder} is a folder: name the export file in it.`],
    ]) {
      const io = captureIo()
      const code = await runCliPatiently(['--data-dir', dataDir, 'import', path!, '--project', 'demo'], io)
      expect(io.stderr).toContain(said)
      expect(io.stderr).not.toContain('internal')
      expect(code).toBe(1)
    }
    const jobs = captureIo()
    expect(await runCliPatiently(['--data-dir', dataDir, '--json', 'jobs', 'list'], jobs)).toBe(0)
    expect(JSON.parse(jobs.stdout)).toEqual([])
  })

  it('--no-passwords is in the help, in the words of the window', async () => {
    const io = captureIo()
    expect(await runCliPatiently(['import', '--help'], io)).toBe(0)
    expect(io.stdout.replace(/\s+/g, ' ')).toContain(
      '--no-passwords the window\'s "Import without passwords": the users are created without one and set it by recovery.',
    )
  })
})
