import { builtInProfile } from '../../../src/core/profile/builtin.js';
import { emptyScreening } from '../../../src/core/safety/screening.js';
import { initialState, step } from '../../../src/core/session/machine.js';
import type { MachineState, SessionEvent } from '../../../src/core/session/types.js';
import type { JournalRecord } from '../../../src/core/journal/schema.js';
import type { PresetId } from '../../../src/core/safety/presets.js';

export const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

type Input = SessionEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

/** A session engine driven by real events, as the app drives it: a connected open massager, screened. */
export class Engine {
  state: MachineState;
  constructor(at = T0, preset: PresetId = 'everyday') {
    const capabilities = builtInProfile('open-massager')?.capabilities;
    if (!capabilities) throw new Error('the open massager profile is missing');
    this.state = initialState(preset, at);
    this.apply({ type: 'screening', screening: emptyScreening(at) }, at);
    this.apply({ type: 'connected', device: { capabilities, limitsEnforcedByDevice: true } }, at);
  }
  apply(input: Input, at: number): this {
    this.state = step(this.state, { ...input, at }).state;
    return this;
  }
  /** Ticks every second from the engine's time to `to`, as the app's timer would. */
  tickTo(to: number): this {
    for (let at = this.state.now + 1000; at <= to; at += 1000) this.apply({ type: 'tick' }, at);
    return this;
  }
  get session() {
    const session = this.state.session;
    if (!session) throw new Error('no session');
    return session;
  }
}

/** A plausible ended record; tests override what they are about. */
export function record(overrides: Partial<JournalRecord> = {}): JournalRecord {
  const startedAt = overrides.startedAt ?? T0;
  return {
    id: `s-${startedAt}`,
    presetId: 'everyday',
    startedAt,
    updatedAt: startedAt + 15 * MINUTE,
    endedAt: startedAt + 15 * MINUTE,
    endReason: 'completed',
    endDetail: null,
    activeMs: 15 * MINUTE,
    heatMs: 15 * MINUTE,
    limits: { maxVibration: 5, maxKneading: 2, maxHeat: 3, maxHeatC: 40, sessionMs: 15 * MINUTE, cooldownMs: 120 * MINUTE },
    msAtVibration: [0, 0, 5 * MINUTE, 10 * MINUTE],
    msAtKneading: [0, 15 * MINUTE],
    msAtHeat: [0, 0, 0, 15 * MINUTE],
    maxVibration: 3,
    maxKneading: 1,
    maxHeat: 3,
    maxHeaterC: 39.5,
    painBefore: 6,
    painAfter: 4,
    symptoms: [],
    checkins: [{ at: startedAt + 5 * MINUTE, answer: 'same' }],
    care: null,
    redFlags: [],
    ...overrides,
  };
}

/** Records one per `everyDays`, with these pain-before scores, the last one `lastAt`. */
export function painRun(scores: readonly number[], lastAt: number, everyDays = 1): JournalRecord[] {
  return scores.map((pain, i) => {
    const startedAt = lastAt - (scores.length - 1 - i) * everyDays * DAY;
    return record({ id: `run-${i}`, startedAt, painBefore: pain, painAfter: Math.max(0, pain - 1) });
  });
}
