import { expect } from 'vitest';
import type { OutputCommand } from '../../../src/core/commands.js';
import { NO_FAULTS, type DeviceReport } from '../../../src/core/device-report.js';
import { BUILT_IN_PROFILES } from '../../../src/core/profile/builtin.js';
import type { PresetId } from '../../../src/core/safety/presets.js';
import type { SessionCaps } from '../../../src/core/safety/resolve.js';
import { emptyScreening, type ScreeningAnswers, type ScreeningQuestionId } from '../../../src/core/safety/screening.js';
import { GLOBAL_CAPS } from '../../../src/core/safety/caps.js';
import { initialState, step } from '../../../src/core/session/machine.js';
import type { ConnectedDevice, Effect, MachineState, Notice, Session, SessionEvent } from '../../../src/core/session/types.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const openMassager = BUILT_IN_PROFILES.find((p) => p.id === 'open-massager')!;

/** The built-in open massager: vibration 10 steps, kneading 3 speeds both ways, heat 36/38/40 °C. */
export const OPEN_MASSAGER_DEVICE: ConnectedDevice = {
  capabilities: openMassager.capabilities,
  limitsEnforcedByDevice: openMassager.limitsEnforcedByDevice,
};

export function screeningWith(yes: readonly ScreeningQuestionId[] = [], at = 0): ScreeningAnswers {
  const base = emptyScreening(at);
  const answers = { ...base.answers };
  for (const id of yes) answers[id] = true;
  return { ...base, answers };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<SessionEvent, 'at'>;

/** "limits 5/2/40 °C/900 s/900 s", "vibration 3", "kneading 1 clockwise", "heat 2", "stop". */
export function describeCommand(command: OutputCommand): string {
  switch (command.kind) {
    case 'stop':
    case 'keepalive':
    case 'ask-ranges':
    case 'release-latches':
      return command.kind;
    case 'vibration':
      return `vibration ${command.level}`;
    case 'kneading':
      return `kneading ${command.speed} ${command.direction}`;
    case 'heat':
      return `heat ${command.level}`;
    case 'limits': {
      const l = command.limits;
      return `limits ${l.maxVibration}/${l.maxKneading}/${l.maxHeatC} °C/${l.sessionSeconds} s/${l.heatSeconds} s`;
    }
  }
}

export function sendsOf(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'send' ? [describeCommand(e.command)] : []));
}

export function noticesOf(effects: readonly Effect[]): Notice[] {
  return effects.flatMap((e) => (e.kind === 'notice' ? [e.notice] : []));
}

export function noticeKinds(effects: readonly Effect[]): string[] {
  return noticesOf(effects).map((n) => n.kind);
}

/** The pure session engine with a clock the test moves by hand, and every effect it produced. */
export class Engine {
  state: MachineState;
  now: number;
  readonly log: { event: SessionEvent; effects: readonly Effect[] }[] = [];

  constructor(now = 0) {
    this.now = now;
    this.state = initialState('gentle', now);
  }

  /** Applies one event at the current time (or at `at`, which also moves the clock). */
  on(input: EventInput, at = this.now): readonly Effect[] {
    this.now = at;
    const event = { ...input, at } as SessionEvent;
    const result = step(this.state, event);
    this.state = result.state;
    this.log.push({ event, effects: result.effects });
    return result.effects;
  }

  /**
   * Whether the person answers each check-in ("same") half-way through its answer time, as tests
   * about time limits assume; tests of an unanswered check-in set this to false.
   */
  answersCheckins = true;

  /** Ticks every `everyMs` until `at`, as the app's timer would, and returns every effect on the way. */
  tickUntil(at: number, everyMs = SECOND): Effect[] {
    const effects: Effect[] = [];
    while (this.now < at) {
      effects.push(...this.on({ type: 'tick' }, Math.min(this.now + everyMs, at)));
      const asked = this.state.session?.checkinOpen ? this.state.session.checkinOpenedAt : null;
      if (this.answersCheckins && asked !== null && this.now - asked >= GLOBAL_CAPS.checkinAnswerMs.value / 2) {
        effects.push(...this.on({ type: 'checkin', answer: 'same' }));
      }
    }
    return effects;
  }

  /** Screened, connected, preset chosen: ready to start. */
  ready(presetId: PresetId = 'everyday', yes: readonly ScreeningQuestionId[] = []): this {
    this.on({ type: 'screening', screening: screeningWith(yes, this.now) });
    this.on({ type: 'connected', device: OPEN_MASSAGER_DEVICE });
    this.on({ type: 'select-preset', presetId });
    return this;
  }

  start(sessionId = `s${this.log.length}`): readonly Effect[] {
    return this.on({ type: 'start', sessionId });
  }

  get session(): Session {
    const session = this.state.session;
    if (!session) throw new Error('no session');
    return session;
  }

  /** Changes the caps of the running session, to test rules the shipped presets do not reach. */
  patchCaps(patch: Partial<SessionCaps>): void {
    const session = this.session;
    this.state = { ...this.state, session: { ...session, caps: { ...session.caps, ...patch } } };
  }
}

export function report(overrides: Partial<DeviceReport> = {}): DeviceReport {
  return {
    vibration: 0,
    kneading: 0,
    direction: 'clockwise',
    heat: 0,
    heaterC: 33,
    sessionArmed: true,
    sessionSecondsLeft: 600,
    heatSecondsLeft: 600,
    faults: NO_FAULTS,
    lastStop: 'none',
    lastRejection: null,
    sequence: null,
    ...overrides,
  };
}

export function expectStopFirst(effects: readonly Effect[]): void {
  expect(sendsOf(effects)[0]).toBe('stop');
}
