// Flat config: recommended JS + TypeScript rules, no type-aware rules (typecheck runs separately).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import boundaries, as typed; .dependency-cruiser.cjs (test/src/import-graph.test.ts) checks them again on resolved paths.
const otherServices = { regex: '^@grid/(?!platform(/|$)|contracts$)', message: 'a service never imports another service: it learns of it from its events (services/standalone mounts them)' };
const domainPackages = {
  regex: '^(?!\\.|@grid/platform/decider$|@grid/contracts$|zod$)',
  message: 'src/domain is pure: it imports @grid/platform/decider, @grid/contracts and its own files only',
};
// zod: type-only (`import type { z }` to infer the contracts' data types) loads nothing.
const zodTypes = { regex: '^zod$', allowTypeImports: true, message: 'src/domain may use zod for types only (import type)' };
/** A domain file `depth` folders below src/domain/ may go up that many folders and no further. */
const domainFiles = [0, 1, 2, 3].map((depth) => ({
  files: [`services/*/src/domain/${'*/'.repeat(depth)}*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          domainPackages,
          zodTypes,
          { regex: `^(\\.\\./){${depth + 1}}`, message: 'src/domain imports nothing outside src/domain' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'coverage/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['services/*/src/**/*.ts', 'contracts/src/**/*.ts'],
    ignores: ['services/standalone/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [otherServices] }] },
  },
  ...domainFiles,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
