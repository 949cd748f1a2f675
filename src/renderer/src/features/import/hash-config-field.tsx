import { Alert, Textarea } from '@mantine/core'
import { useImport } from './import-store'

/**
 * Firebase's password hash parameters, pasted from its console. Read when the field is left; with
 * rows already read, their detected hash types are read again at once (the mapping step shows it too).
 */
export function HashConfigField() {
  const s = useImport()
  return (
    <>
      <Textarea
        label="Firebase password hash parameters (for Firebase exports)"
        description="Firebase console → Authentication → Users → ⋮ → Password hash parameters. Paste the whole hash_config block."
        placeholder={
          'hash_config {\n  algorithm: SCRYPT,\n  base64_signer_key: …,\n  base64_salt_separator: Bw==,\n  rounds: 8,\n  mem_cost: 14,\n}'
        }
        autosize
        minRows={3}
        maw={720}
        value={s.hashConfigText}
        onChange={(e) =>
          s.set({ hashConfigText: e.currentTarget.value, firebase: null, hashConfigError: null })
        }
        error={s.hashConfigError}
        onBlur={(e) => void s.parseHashConfig(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      {s.firebase && (
        <Alert color="green" variant="light" maw={720}>
          Hash config read: rounds {s.firebase.rounds}, mem_cost {s.firebase.memCost}, signer key …
          {s.firebase.signerKey.slice(-6)}.
        </Alert>
      )}
    </>
  )
}
