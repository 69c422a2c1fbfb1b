import { AppServices } from './app/services.js';
import { registerServiceWorker } from './pwa/register.js';
import './ui/components/app-root.js';

const services = new AppServices();
// Reading what was kept (the hold, the safety answers) starts at once.
void services.load();
// The page is drawn in a task of its own, just after this module's evaluation: on a slow phone
// the two together are one long task (Lighthouse's total blocking time). Nothing is painted
// before it, so STOP and Escape still work from the first paint on.
setTimeout(() => {
  const root = document.createElement('app-root');
  root.services = services;
  document.body.append(root);
}, 0);
// Only the built app has a service worker: in development it would serve stale modules.
if (import.meta.env.PROD) registerServiceWorker();
