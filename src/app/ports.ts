import type { Observable } from 'rxjs';
import type { DeviceReport } from '../core/device-report.js';
import type { DeviceInstruction } from '../core/protocol/messages.js';
import type { ScreeningAnswers } from '../core/safety/screening.js';
import type { MachineState, Notice, StopSource } from '../core/session/types.js';
import type { ConnectionState, DecodeFailures, DeviceInfo } from './device-connection.js';
import type { AppServices } from './services.js';
import type { SessionInput } from './session-service.js';
import type { SimulatorControls } from './simulator-port.js';
import type { StopWays } from './stop-ways.js';

/**
 * What the UI may reach of the app, one narrow port per concern. Each component is given only
 * the ports it needs (src/ui/context.ts has a context per port), never `AppServices` itself, and
 * no port holds a link, a codec or the firmware: the device is seen only through `DeviceView`.
 */

/** A stream of the app's, read only: a component may follow it, never push into it. */
type ReadOnly<S> = S extends Observable<infer T> ? Observable<T> : never;

/** The session engine: its state, its notices, and the events a person's actions become. */
export interface SessionPort {
  readonly state$: Observable<MachineState>;
  /** The state now, for a decision taken outside a render (the announcer's). */
  readonly state: MachineState;
  readonly notices$: Observable<Notice>;
  dispatch(input: SessionInput): void;
  /** A stop, never refused: the same as dispatching one, and sent before anything waiting. */
  stop(source?: StopSource): void;
}

/** The connected massager as far as a screen shows it: read only. */
export interface DeviceView {
  readonly state$: Observable<ConnectionState>;
  readonly report$: Observable<DeviceReport | null>;
  readonly battery$: Observable<number | null>;
  readonly info$: Observable<DeviceInfo | null>;
  readonly decodeFailures$: Observable<DecodeFailures>;
  /** What the device tells the person to do now (the DIY board's "unplug the pad"), or null. */
  readonly instruction$: Observable<DeviceInstruction | null>;
  /** True while the device holds a stop of its own (the DIY board's button or a sensor fault). */
  readonly latchHeld$: Observable<boolean>;
  /**
   * The one thing a screen may ask of the device itself: a person's deliberate release of that
   * latch. It never switches an output on; a new session still needs its own start.
   */
  releaseLatches(): Promise<void>;
}

/**
 * Connecting and disconnecting, what the connect panel shows before a massager is chosen, and
 * the first-power-on check of a board the person built (its own narrow controls).
 */
export type ConnectPort = Pick<
  AppServices,
  | 'connectSimulated'
  | 'connectBluetooth'
  | 'connectRemembered'
  | 'rememberedDevices'
  | 'disconnect'
  | 'takeOver'
  | 'cancelTakeover'
  | 'openBoardCheck'
> & {
  readonly builtIn$: ReadOnly<AppServices['builtIn$']>;
  readonly support$: ReadOnly<AppServices['support$']>;
  readonly controlledElsewhere$: ReadOnly<AppServices['controlledElsewhere$']>;
};

/** Profiles the person imported. */
export type ProfilesPort = Pick<AppServices, 'importProfile' | 'removeProfile'> & {
  readonly imported$: ReadOnly<AppServices['imported$']>;
};

/** The journal: past sessions, their trend, and the person's own import, export and deletion. */
export interface JournalPort {
  readonly records$: ReadOnly<AppServices['journal']['records$']>;
  readonly advice$: ReadOnly<AppServices['journal']['advice$']>;
  readonly problem$: ReadOnly<AppServices['journal']['problem$']>;
  /** The last record the store confirmed written. */
  readonly stored$: ReadOnly<AppServices['journal']['stored$']>;
  importRecords: AppServices['journal']['importRecords'];
  deleteAll(): Promise<void>;
  /** Stored records that failed their check, kept aside rather than lost. */
  allDamaged: AppServices['store']['allDamaged'];
}

export interface ScreeningPort {
  saveScreening(screening: ScreeningAnswers): Promise<void>;
}

export interface GuidancePort {
  readonly guidance$: ReadOnly<AppServices['guidance']['guidance$']>;
}

/** The loud-sound stop and its listening status, once that part has loaded (null before). */
export interface StopWaysPort {
  readonly ways$: Observable<Pick<StopWays, 'loudSound$' | 'listening$'> | null>;
  /** Turns the loud-sound stop on or off; nothing happens before that part has loaded. */
  setLoudSound(on: boolean): Promise<void>;
}

export interface AppPorts {
  readonly session: SessionPort;
  readonly device: DeviceView;
  readonly connect: ConnectPort;
  readonly profiles: ProfilesPort;
  readonly journal: JournalPort;
  readonly screening: ScreeningPort;
  readonly guidance: GuidancePort;
  readonly stopWays: StopWaysPort;
  readonly simulator: SimulatorControls;
}

/** What the app's root element gets: every port, and whether what was kept (the hold, the safety answers) has been read. */
export interface RootPorts extends AppPorts {
  readonly loaded$: Observable<boolean>;
}

/** A new object with only `keys` of `source`: methods bound to it, streams as they are. */
function only<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const value = source[key];
    picked[key] = typeof value === 'function' ? (value.bind(source) as T[K]) : value;
  }
  return picked as Pick<T, K>;
}

/**
 * The ports over one `AppServices`. Each is a new object holding only what it names, so a
 * component cannot reach past it to the link, and the types give it streams to follow, never
 * subjects to push into.
 */
export function appPorts(services: AppServices): AppPorts {
  const { session, journal, store } = services;
  return {
    session: {
      ...only(session, ['state$', 'notices$', 'dispatch', 'stop']),
      get state() {
        return session.state;
      },
    },
    device: {
      ...only(services.device, ['state$', 'report$', 'battery$', 'info$', 'decodeFailures$', 'instruction$', 'latchHeld$']),
      // A release passes the safety core first (refused while a session is open).
      releaseLatches: () => services.releaseLatches(),
    },
    connect: only(services, [
      'builtIn$',
      'support$',
      'controlledElsewhere$',
      'connectSimulated',
      'connectBluetooth',
      'connectRemembered',
      'rememberedDevices',
      'disconnect',
      'takeOver',
      'cancelTakeover',
      'openBoardCheck',
    ]),
    profiles: only(services, ['imported$', 'importProfile', 'removeProfile']),
    journal: {
      ...only(journal, ['records$', 'advice$', 'problem$', 'stored$', 'importRecords', 'deleteAll']),
      allDamaged: () => store.allDamaged(),
    },
    screening: only(services, ['saveScreening']),
    guidance: only(services.guidance, ['guidance$']),
    stopWays: { ways$: services.stopWays$, setLoudSound: async (on) => services.stopWays$.value?.setLoudSound(on) },
    simulator: only(services.simulator, ['active$', 'view', 'inject', 'dropLink', 'hasButton', 'pressButton']),
  };
}

/** The root element's ports: made once by the entry point, the only place that holds AppServices. */
export function rootPorts(services: AppServices): RootPorts {
  return { ...appPorts(services), loaded$: services.loaded$ };
}
