// Lint rules, chiefly the import graph of ARCHITECTURE.md (after vscode's code-layering rule):
//   core/      imports nothing Node, DOM-framework or from another folder
//   workers/   imports core/ only (and Node)
//   electron/, web/, cli/  import workers/ and core/, never the renderer
//   renderer/  imports core/ (pure code and api.ts types) only, never Node
import tseslint from 'typescript-eslint';

// Node's modules by exact name (a pattern such as 'http' would also match a relative './http').
const NODE_MODULE_NAMES = [
  'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'crypto',
  'stream', 'zlib', 'url', 'util', 'events', 'readline', 'module', 'buffer', 'process',
];
const NODE_BUILTINS = { regex: `^(node:.*|(${NODE_MODULE_NAMES.join('|')})(/.*)?)$` };
const folder = (name) => [`**/${name}/*`, `**/${name}`, `${name}/*`];

const layer = (files, forbidden, message, node = false) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden, message }, ...(node ? [{ ...NODE_BUILTINS, message }] : [])] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'e2e/screenshots/**', 'helper/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(
    ['core/**/*.ts'],
    [...folder('workers'), ...folder('electron'), ...folder('web'), ...folder('renderer'),
      ...folder('cli'), ...folder('bench'), 'electron', 'react', 'react-dom', 'zustand', 'ws'],
    'core/ is pure TypeScript: no Node, no DOM framework, no other Trawl folder (ARCHITECTURE.md).',
    true,
  ),
  layer(
    ['workers/**/*.ts'],
    [...folder('electron'), ...folder('web'), ...folder('renderer'), ...folder('cli'), 'electron', 'react'],
    'workers/ may import core/ only (ARCHITECTURE.md).',
  ),
  layer(
    ['electron/**/*.ts', 'web/**/*.ts', 'cli/**/*.ts'],
    [...folder('renderer'), 'react', 'react-dom'],
    'Shells bind the engine; they never import the renderer (ARCHITECTURE.md).',
  ),
  layer(
    ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    [...folder('workers'), ...folder('electron'), ...folder('web'), ...folder('cli'), 'electron', 'ws'],
    'renderer/ imports core/ only (api.ts types and pure code), never Node (ARCHITECTURE.md).',
    true,
  ),
  {
    // Test files may use Node (node:test, fs for fixtures) wherever they sit.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
