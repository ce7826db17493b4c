// ESLint (flat config), run by `npm test` and `npm run lint`. It checks what the type checker cannot: promises
// nobody waits for or handles (a rejected one is lost, or kills the process), async functions given where a
// plain callback is expected (an event handler, a signal listener), and React's rules of hooks. Formatting is
// Prettier's (.prettierrc.json), checked by `npm test` beside this. A justified exception carries its reason:
// `// eslint-disable-next-line RULE -- why`.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'native/**', 'coverage/**', 'test-results/**', 'node_modules/**'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      // the three type-checked projects (tsconfig.json only references them)
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'], tsconfigRootDir: import.meta.dirname },
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
