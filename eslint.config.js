// Lint and format: ESLint with typescript-eslint for correctness, @stylistic for layout
// (`npm run lint`, `npm run lint -- --fix`).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const runtimeNeutral = 'This code runs on Bun, Deno and Workers as well as Node: no Node builtin here. The sync reaches files through src/sync/files.ts.';

/** The imports the SDK's runtime-neutral code refuses: Node builtins (types aside), the testing kit, and `extra`. */
const sdkImports = (extra = []) => ['error', {
  paths: builtinModules.map((name) => ({ name, allowTypeImports: true, message: runtimeNeutral })),
  patterns: [
    { regex: '^node:', allowTypeImports: true, message: runtimeNeutral },
    { regex: '(^|/)testing(/|$)', message: 'The SDK never imports the testing kit.' },
    ...extra,
  ],
}];

/** Import patterns for the sync's folders a folder must not reach. */
const syncSteps = (folders) => folders.map((folder) => ({
  regex: `^\\.\\./${folder}/`,
  message: `This part of the sync does not import sync/${folder}/: see CONTRIBUTING.md for what each folder may import.`,
}));

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'docs/', 'src/generated/', 'bench/results/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: true, braceStyle: '1tbs', arrowParens: true }),
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@stylistic/max-len': ['error', { code: 150, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreComments: true }],
      '@stylistic/operator-linebreak': 'off',
      '@stylistic/multiline-ternary': 'off',
      '@stylistic/indent-binary-ops': 'off',
      '@stylistic/quote-props': ['error', 'as-needed'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-sequences': 'error',
      'no-return-assign': 'error',
      eqeqeq: 'error',
      // Control characters in a few regular expressions are what they exist to refuse.
      'no-control-regex': 'off',
    },
  },
  {
    // The root, /looker, /dx and /sync entries run on Bun, Deno and Workers too (the build's
    // check:imports and the runtime checks prove it); types from Node are fine, they are erased.
    files: ['src/index.ts', 'src/version.ts', 'src/core/**/*.ts', 'src/looker/**/*.ts', 'src/dx/**/*.ts', 'src/sync/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': sdkImports() },
  },
  // The sync's steps (CONTRIBUTING.md): the model imports no step, lanes and reads no step of a
  // plan or an apply, and apply never imports the planner (nor the planner apply).
  { files: ['src/sync/model/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': sdkImports(syncSteps(['lanes', 'reads', 'plan', 'apply'])) } },
  { files: ['src/sync/reads/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': sdkImports(syncSteps(['plan', 'apply'])) } },
  { files: ['src/sync/lanes/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': sdkImports(syncSteps(['reads', 'plan', 'apply'])) } },
  { files: ['src/sync/plan/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': sdkImports(syncSteps(['apply'])) } },
  { files: ['src/sync/apply/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': sdkImports(syncSteps(['plan'])) } },
  {
    // The sync reads as named steps: a function too long to take in at once is split into them.
    files: ['src/sync/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
