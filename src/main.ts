import { rootPorts } from './app/ports.js';
import { AppServices } from './app/services.js';
import { registerServiceWorker } from './pwa/register.js';
import type { AppRoot } from './ui/components/app-root.js';
import './ui/components/app-root.js';

/**
 * The entry point is the only place that holds AppServices: the UI gets the ports made from it.
 * The browser tests read the app's own objects (the queue, the simulated firmware) from the
 * element, as `services`; no component does.
 */
declare global {
  interface HTMLElementTagNameMap {
    'app-root': AppRoot & { readonly services: AppServices };
  }
}

const services = new AppServices();
// Reading what was kept (the hold, the safety answers) starts at once.
void services.load();
// The page is drawn in a task of its own, just after this module's evaluation: on a slow phone
// the two together are one long task (Lighthouse's total blocking time). Nothing is painted
// before it, so STOP and Escape still work from the first paint on.
setTimeout(() => {
  const root = document.createElement('app-root');
  root.ports = rootPorts(services);
  Object.defineProperty(root, 'services', { value: services });
  document.body.append(root);
}, 0);
// Only the built app has a service worker: in development it would serve stale modules.
if (import.meta.env.PROD) registerServiceWorker();
