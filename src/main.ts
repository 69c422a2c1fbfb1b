import { AppServices } from './app/services.js';
import { registerServiceWorker } from './pwa/register.js';
import './ui/components/app-root.js';

const services = new AppServices();
const root = document.createElement('app-root');
root.services = services;
document.body.append(root);
void services.load();
// Only the built app has a service worker: in development it would serve stale modules.
if (import.meta.env.PROD) registerServiceWorker();
