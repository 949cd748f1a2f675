import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

// The import rules below are the architecture's boundaries (see ../shared/DESIGN.md):
// the renderer never reaches Node, Electron, the keychain or Appwrite; only the preload
// touches ipcRenderer; services stay free of Electron so all three shells can serve them.
const nodeOnly = [
  'electron',
  'keytar',
  'node-appwrite',
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeOnly,
              message:
                'The renderer has no Node, Electron, keychain or Appwrite access; go through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcRenderer']", message: 'Only src/preload may touch ipcRenderer.' },
      ],
    },
  },
  {
    files: [
      'src/host/**/*.ts',
      'src/shared/**/*.ts',
      'src/sandbox/**/*.ts',
      'src/cli/**/*.ts',
      'src/chromium/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main) imports electron; the host serves every shell.',
            },
          ],
        },
      ],
    },
  },
  {
    // The shells reach the host through its entry (src/host/index.ts) and nothing deeper, so what a
    // shell can do is what the contract and that entry say, not whatever a service happens to export.
    files: ['src/cli/**/*.ts', 'src/chromium/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main) imports electron; the host serves every shell.',
            },
          ],
          patterns: [
            {
              regex: '(^|/)host/.+',
              message: "A shell imports the host's entry (src/host), never its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // The Electron shell may import electron; it keeps the host-entry rule.
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)host/.+',
              message: "A shell imports the host's entry (src/host), never its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: nodeOnly, message: 'src/shared is pure TypeScript imported by every side.' }] },
      ],
    },
  },
  prettier,
)
