import js from '@eslint/js';
import checkFile from 'eslint-plugin-check-file';
import tseslint from 'typescript-eslint';

const ROLES = ['port', 'adapter', 'service', 'module', 'resolver', 'controller', 'guard', 'middleware', 'model', 'mapper', 'schema', 'error', 'cli', 'contract', 'fixtures', 'fake', 'worker'].join('|');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './apps/widget/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // ARCHITECTURE.md's file-name scheme: kebab-case, then at most one role suffix and one test suffix.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    ignores: ['**/*.d.ts'],
    plugins: { 'check-file': checkFile },
    rules: {
      'check-file/filename-naming-convention': ['error', {
        '**/*.ts': `+([a-z0-9])*(-+([a-z0-9]))?(.@(${ROLES}))?(.@(spec|integration-spec|e2e-spec))`,
      }],
    },
  },
);
