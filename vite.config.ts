import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { guidanceContent } from './scripts/guidance-content/plugin.js';
import { privacyDocument } from './scripts/privacy-page/plugin.js';
import { serviceWorker } from './scripts/pwa/plugin.js';

/**
 * The Content Security Policy of the built app: scripts only from this origin, no inline script,
 * no eval, Trusted Types required (Lit creates its templates through the "lit-html" policy), and
 * no request to any other origin. `vite preview` sends it as a header; the built index.html also
 * carries it in a meta tag for static hosting (where frame-ancestors cannot be set by meta).
 */
const POLICY: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  // lit-html builds templates; easeback-sw lets through only the service worker's own URL (src/pwa/register.ts).
  'trusted-types lit-html easeback-sw',
];

export const CONTENT_SECURITY_POLICY = [...POLICY, "frame-ancestors 'none'"].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // The microphone only for this origin: a loud sound may stop a session (opt-in; issue 16).
  'Permissions-Policy': 'bluetooth=(self), camera=(), microphone=(self), geolocation=()',
};

function cspMetaTag(): Plugin {
  return {
    name: 'easeback-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${POLICY.join('; ')}" />`,
      );
    },
  };
}

/**
 * What the first read of the store needs (store-idb.ts, the record checks it loads, and the Web
 * Locks helpers the journal asks which sessions are still running) is fetched beside the entry,
 * not after it: the first screen cannot show the welcome or the questions before the stored hold
 * and answers are read, and on a slow link waiting for the entry to ask for each costs round
 * trips (Lighthouse's largest contentful paint; issue 13). None of it joins the entry's chunk.
 */
function storePreload(): Plugin {
  return {
    name: 'easeback-store-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const chunkOf = (source: string) => {
          const found = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(source));
          if (!found) throw new Error(`storePreload: no chunk for ${source}`);
          return found;
        };
        const entry = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        const files = ['/src/app/store-idb.ts', '/src/core/storage/check.ts', '/src/app/cross-tab.ts']
          .map(chunkOf)
          .flatMap((chunk) => [chunk.fileName, ...chunk.imports]);
        return [...new Set(files)]
          .filter((file) => !entry.has(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

export default defineConfig({
  plugins: [cspMetaTag(), storePreload(), guidanceContent(), privacyDocument(), serviceWorker()],
  resolve: {
    // RxJS ships ES5 by default, with tslib helpers and downlevelled classes: its ES2015 build is
    // about a fifth smaller on the first screen, and every browser with Web Bluetooth runs it.
    conditions: ['es2015', ...defaultClientConditions],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Lists each chunk's static imports: scripts/first-screen-js.ts sums the first screen's from it.
    manifest: true,
    // No preload links added at run time for a lazy chunk's imports: each link Vite's helper
    // appends costs main-thread time just after the first paint (in one trace about 60 of the
    // 160 ms after it; issue 13), mostly for chunks loaded when the page is idle. A lazy chunk's
    // own imports are fetched when it arrives; the store's are preloaded from index.html.
    modulePreload: false,
    rolldownOptions: {
      output: {
        // Everything the first screen imports statically goes in one chunk: one gzip stream
        // compresses better than the same code cut into shared pieces.
        codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial'] }] },
      },
    },
    // The first screen is held to 40 KB gzip by tests/e2e/budget.spec.ts; this only flags a runaway chunk.
    chunkSizeWarningLimit: 130,
  },
  preview: {
    port: 4173,
    strictPort: true,
    headers: SECURITY_HEADERS,
  },
  server: {
    port: 5173,
  },
});
