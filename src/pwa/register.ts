/**
 * Registers the service worker (dist/sw.js, built from src/pwa/service-worker.ts). Under the
 * Content Security Policy a script URL must come through a Trusted Types policy: this one lets
 * exactly that file through and nothing else (the CSP names it: trusted-types … easeback-sw).
 */
const SERVICE_WORKER_URL = '/sw.js';

/** The part of the Trusted Types API used here (TypeScript's DOM library does not have it yet). */
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const factory = (window as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  const policy = factory?.createPolicy('easeback-sw', {
    createScriptURL: (url) => {
      if (url !== SERVICE_WORKER_URL) throw new TypeError(`only ${SERVICE_WORKER_URL} may be registered`);
      return url;
    },
  });
  // A TrustedScriptURL where the browser has Trusted Types; register() accepts either.
  const scriptUrl = (policy ? policy.createScriptURL(SERVICE_WORKER_URL) : SERVICE_WORKER_URL) as string;
  // After the page has loaded: the worker's copying of every file must not compete with the first
  // screen. A failed registration only means no offline copy: the app works as before.
  const register = () => void navigator.serviceWorker.register(scriptUrl, { scope: '/', type: 'module' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
