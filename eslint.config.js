// @ts-check
import js from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Ways to turn a string into HTML or code. The CSP requires Trusted Types, so these would be
 * refused at run time anyway; Lit templates are the only way the app builds DOM.
 */
const HTML_FROM_STRINGS = [
  ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'srcdoc', 'createContextualFragment', 'parseFromString', 'setHTMLUnsafe'].map(
    (property) => ({ property, message: 'No HTML from strings: build DOM with a Lit template.' }),
  ),
  ...['write', 'writeln'].map((property) => ({
    object: 'document',
    property,
    message: 'No HTML from strings: build DOM with a Lit template.',
  })),
];

export default tseslint.config(
  { ignores: ['eslint.config.js', 'dist/', 'dev-dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'memberLike', modifiers: ['private'], format: ['camelCase'], leadingUnderscore: 'require' },
        { selector: 'memberLike', modifiers: ['public'], format: null, leadingUnderscore: 'forbid' },
      ],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...HTML_FROM_STRINGS],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['lit/directives/unsafe-*', 'lit-html/directives/unsafe-*'],
              message: 'No HTML from strings: unsafeHTML, unsafeSVG and unsafeMathML bypass Lit’s escaping.',
            },
          ],
        },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
    },
  },
  {
    files: ['src/ui/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    // Lit binds event listeners in templates to the element (@click=${this._onClick}).
    files: ['src/ui/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['src/ui/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/ui/**/*.ts'],
    plugins: { 'lit-a11y': litA11y },
    rules: litA11y.configs.recommended.rules,
  },
  {
    // The core stays pure: no DOM, no timers, no navigator (style.md).
    files: ['src/core/**/*.ts', 'src/sim/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'setTimeout',
          'setInterval',
          'clearTimeout',
          'clearInterval',
          'requestAnimationFrame',
          'performance',
          'localStorage',
          'indexedDB',
        ].map((name) => ({ name, message: 'The core and the simulated firmware are pure: time and I/O come in as arguments.' })),
      ],
      // Restated with the core's own restriction: a later block's options replace an earlier one's.
      'no-restricted-properties': [
        'error',
        ...HTML_FROM_STRINGS,
        { object: 'Date', property: 'now', message: 'Take the time as an argument.' },
      ],
    },
  },
  {
    // Layers (style.md): the UI reaches the device only through the app layer's ports. It may
    // name transport and simulator types, but never load their code.
    files: ['src/ui/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/transport/*', '**/sim/*', '**/sim/**/*'],
              allowTypeImports: true,
              message: 'The UI never loads transport or simulator code: go through a port of the app layer (type-only imports are fine).',
            },
            {
              // Only the entry point (src/main.ts) holds AppServices; a component takes the ports it needs.
              group: ['**/app/services', '**/app/services.js'],
              message: 'The UI gets the app through its ports (src/app/ports.ts), never AppServices itself, not even its type.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core is the bottom layer: it imports nothing above it, not even types, and no framework.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/app/*',
                '**/ui/*',
                '**/ui/**/*',
                '**/transport/*',
                '**/sim/*',
                '**/sim/**/*',
                '**/pwa/*',
                'lit',
                'lit/*',
                'rxjs',
                'rxjs/*',
                '@lit/*',
              ],
              message:
                'The core imports nothing above it: app, ui, transport, sim and their frameworks depend on the core, not the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulated firmware is a device: it speaks the core's protocols and knows nothing of the app.
    files: ['src/sim/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/*', '**/ui/*', '**/ui/**/*', '**/transport/*', '**/pwa/*', 'lit', 'lit/*', 'rxjs', 'rxjs/*'],
              message: 'The simulated firmware depends on the core only, as a real board would.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/naming-convention': 'off',
      'no-console': 'off',
    },
  },
);
