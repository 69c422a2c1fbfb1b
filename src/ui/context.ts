import { createContext } from '@lit/context';
import type { AppServices } from '../app/services.js';

/** Every component reaches the app through this one context: no globals, no Bluetooth objects. */
export const servicesContext = createContext<AppServices>(Symbol('easeback-services'));
