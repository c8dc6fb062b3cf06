// Lint is part of `npm test` with zero warnings allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // reports/ and .stryker-tmp/ are the mutation run's output and its sandbox copies of the project.
  { ignores: ['node_modules/', 'dist/', 'data/', '.data*/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        crypto: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'skip', message: 'No skipped tests.' },
        { object: 'describe', property: 'skip', message: 'No skipped tests.' },
        { object: 'test', property: 'skip', message: 'No skipped tests.' },
      ],
    },
  },
  {
    // core/ is pure: shared by the hub (Node) and the kiosk (browser). Time comes in as an argument.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'os',
                'crypto',
                'express',
                'socket.io',
                'socket.io-client',
                'lowdb',
                'lowdb/*',
                'react',
                'react-dom',
                '**/hub/**',
                '**/kiosk/**',
                '**/leader/**',
                '**/office/**',
                '**/board/**',
                '**/common/**',
                '**/cards/**',
              ],
              message: 'core/ is pure: no I/O, no platform, no app layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'core/ has no DOM.' },
        { name: 'document', message: 'core/ has no DOM.' },
        { name: 'setTimeout', message: 'core/ has no timers: pass time in.' },
        { name: 'setInterval', message: 'core/ has no timers.' },
        { name: 'fetch', message: 'core/ does no I/O.' },
        { name: 'process', message: 'core/ has no process.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core/ takes time as an argument.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core/ takes time as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'core/ takes randomness as an argument.',
        },
      ],
    },
  },
  {
    // The pages (the tablet kiosk, the leader's phone, the office, what they share) run in a browser and talk to
    // the hub only over the contract in core/: they never import the hub's code or Node's.
    files: [
      'kiosk/**/*.{ts,tsx}',
      'leader/**/*.{ts,tsx}',
      'office/**/*.{ts,tsx}',
      'board/**/*.{ts,tsx}',
      'common/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'express', 'socket.io', 'lowdb', 'lowdb/*', '**/hub/**'],
              message: 'Pages run in the browser and reach the hub only through core/ (the contract).',
            },
          ],
        },
      ],
    },
  },
);
