import { defineConfig, type Plugin } from 'vite';
import { guidanceContent } from './scripts/guidance-content/plugin.js';

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
  'trusted-types lit-html',
];

export const CONTENT_SECURITY_POLICY = [...POLICY, "frame-ancestors 'none'"].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'bluetooth=(self), camera=(), microphone=(), geolocation=()',
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

export default defineConfig({
  plugins: [cspMetaTag(), guidanceContent()],
  build: {
    target: 'es2022',
    sourcemap: true,
    // The first screen must stay small (issue 7 budget); anything large is loaded on demand.
    chunkSizeWarningLimit: 120,
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
