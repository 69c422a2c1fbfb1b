import { builtInProfile } from '../../../../src/core/profile/builtin.js';
import { emptyScreening } from '../../../../src/core/safety/screening.js';
import { initialState, step } from '../../../../src/core/session/machine.js';
import type { MachineState, SessionEvent } from '../../../../src/core/session/types.js';
import type { JournalRecord } from '../../../../src/core/journal/schema.js';
import type { PresetId } from '../../../../src/core/safety/presets.js';

// The plain records live on their own (records.ts), so the browser tests can use them without the engine.
export { DAY, MINUTE, record, T0 } from './records.js';
import { DAY, record, T0 } from './records.js';

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

/** Records one per `everyDays`, with these pain-before scores, the last one `lastAt`. */
export function painRun(scores: readonly number[], lastAt: number, everyDays = 1): JournalRecord[] {
  return scores.map((pain, i) => {
    const startedAt = lastAt - (scores.length - 1 - i) * everyDays * DAY;
    return record({ id: `run-${i}`, startedAt, painBefore: pain, painAfter: Math.max(0, pain - 1) });
  });
}
