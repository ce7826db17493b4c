// ESLint (flat config), run by `npm test` and `npm run lint`. It checks what the type checker cannot: promises
// nobody waits for or handles (a rejected one is lost, or kills the process), async functions given where a
// plain callback is expected (an event handler, a signal listener), and React's rules of hooks. Formatting is
// Prettier's (.prettierrc.json), checked by `npm test` beside this. A justified exception carries its reason:
// `// eslint-disable-next-line RULE -- why`.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // electron.vite.config.ts.<time>.mjs: the build's bundled config, written beside it and deleted while `npm test`
  // lints in the other lane (a lint that listed it and then found it gone failed with ENOENT)
  { ignores: ['out/**', 'dist/**', 'native/**', 'coverage/**', 'test-results/**', 'node_modules/**', '*.config.ts.*.mjs', '*.timestamp-*.mjs'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      // one program over the files of the three type-checked projects (tsconfig.eslint.json): with the three
      // projects themselves, shared/ and test/helpers were parsed and typed up to three times (173 CPU-s for
      // the whole lint against 85 with one program, on the same files with the same findings)
      parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
