import { createContext } from '@lit/context';
import type {
  ConnectPort,
  DeviceView,
  GuidancePort,
  JournalPort,
  ProfilesPort,
  ScreeningPort,
  SessionPort,
  StopWaysPort,
} from '../app/ports.js';
import type { SimulatorControls } from '../app/simulator-port.js';

/**
 * One context per port of the app (src/app/ports.ts): a component asks only for the ports it
 * uses, and none is handed `AppServices`, a link or the firmware. app-root provides them all.
 */
export const sessionContext = createContext<SessionPort>(Symbol('easeback-session'));
export const deviceContext = createContext<DeviceView>(Symbol('easeback-device'));
export const connectContext = createContext<ConnectPort>(Symbol('easeback-connect'));
export const profilesContext = createContext<ProfilesPort>(Symbol('easeback-profiles'));
export const journalContext = createContext<JournalPort>(Symbol('easeback-journal'));
export const screeningContext = createContext<ScreeningPort>(Symbol('easeback-screening'));
export const guidanceContext = createContext<GuidancePort>(Symbol('easeback-guidance'));
export const stopWaysContext = createContext<StopWaysPort>(Symbol('easeback-stop-ways'));
export const simulatorContext = createContext<SimulatorControls>(Symbol('easeback-simulator'));
