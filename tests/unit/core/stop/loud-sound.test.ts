import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hearLevel, initialLoudSound, LOUD_SOUND, thresholdFor, type LoudSoundState } from '../../../../src/core/stop/loud-sound.js';

const WINDOW_MS = 10;

/** A level in dBFS as the linear RMS a window would measure. */
const rms = (db: number) => 10 ** (db / 20);

/** Feeds one 10 ms window per entry of `levels` (dBFS), from t = 0, and returns the final state. */
function hear(levels: readonly number[], state: LoudSoundState = initialLoudSound()): LoudSoundState {
  let at = state.lastAt ?? 0;
  for (const db of levels) {
    at += WINDOW_MS;
    state = hearLevel(state, { at, rms: rms(db) });
  }
  return state;
}

/** `ms` of a level, with a deterministic ±`jitterDb` wobble (a real room is never flat). */
function steady(db: number, ms: number, jitterDb = 2, seed = 1): number[] {
  let x = seed;
  return Array.from({ length: Math.round(ms / WINDOW_MS) }, () => {
    x = (x * 16807) % 2147483647;
    return db + ((x / 2147483647) * 2 - 1) * jitterDb;
  });
}

const QUIET_ROOM = -60;

describe('calibration', () => {
  it('learns the room from its median, so a cough while calibrating does not raise the bar', () => {
    const state = hear([...steady(QUIET_ROOM, 600), ...steady(-10, 300), ...steady(QUIET_ROOM, 700)]);
    expect(state.phase).toBe('listening');
    expect(state.roomDb).toBeLessThan(QUIET_ROOM + 3);
    expect(state.thresholdDb).toBeLessThan(QUIET_ROOM + LOUD_SOUND.marginDb + 3);
  });

  it('keeps the threshold between its floor (silence) and its ceiling (a loud room)', () => {
    expect(thresholdFor(-120)).toBe(LOUD_SOUND.floorDb);
    expect(thresholdFor(-40)).toBe(-40 + LOUD_SOUND.marginDb);
    expect(thresholdFor(-5)).toBe(LOUD_SOUND.ceilingDb);
  });

  it('does not stop while it calibrates (STOP, Escape and Symptoms still do)', () => {
    expect(hear([...steady(QUIET_ROOM, 200), ...steady(-5, 500)]).phase).toBe('calibrating');
  });
});

describe('a loud sound after calibration stops the session', () => {
  it('a shout in a quiet room is heard within two windows of its onset, and the onset is placed where it began', () => {
    const before = hear(steady(QUIET_ROOM, 3000));
    const onset = before.lastAt ?? 0;
    const state = hear(steady(-15, 400), before);
    expect(state.phase).toBe('heard');
    expect(state.onsetAt).toBe(onset);
    expect((state.heardAt ?? Infinity) - onset).toBeLessThanOrEqual(2 * WINDOW_MS);
  });

  it('a clap (30 ms) is heard', () => {
    expect(hear(steady(-8, 30, 1), hear(steady(QUIET_ROOM, 2000))).phase).toBe('heard');
  });

  it('a shout in a loud room (television at -25 dBFS) is heard: the ceiling lets it through', () => {
    expect(hear(steady(-6, 300, 1), hear(steady(-25, 3000))).phase).toBe('heard');
  });

  it('a steady noise switched on suddenly (a vacuum cleaner) stops too: a false stop is safe', () => {
    expect(hear(steady(-20, 1000), hear(steady(QUIET_ROOM, 2000))).phase).toBe('heard');
  });

  it('stays heard: one stop per session', () => {
    const heard = hear(steady(-10, 100), hear(steady(QUIET_ROOM, 2000)));
    expect(hear(steady(QUIET_ROOM, 1000), heard)).toEqual(heard);
  });
});

describe('quiet and steady noise never stop it', () => {
  it('a quiet room for ten minutes', () => {
    expect(hear(steady(QUIET_ROOM, 10 * 60_000, 4)).phase).toBe('listening');
  });

  it('speech at a normal level in a quiet room (-48 dBFS, under the floor)', () => {
    expect(hear(steady(-48, 5000, 3), hear(steady(QUIET_ROOM, 2000))).phase).toBe('listening');
  });

  it('a single click of the microphone (one window) is not a sound', () => {
    expect(hear([-3, ...steady(QUIET_ROOM, 500)], hear(steady(QUIET_ROOM, 2000))).phase).toBe('listening');
  });

  it('a noise rising slowly from a quiet room to -15 dBFS over 10 s (a fan speeding up) is followed, not heard', () => {
    const rising = Array.from({ length: 1000 }, (_, i) => QUIET_ROOM + (45 * i) / 1000);
    const state = hear([...rising, ...steady(-15, 5000)], hear(steady(QUIET_ROOM, 2000)));
    expect(state.phase).toBe('listening');
  });

  it('a steady noise at any level, calibrated with it on, never stops the session (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -110, max: -1, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.integer(),
        (db, jitter, seed) => {
          expect(hear(steady(db, 20_000, jitter, (Math.abs(seed) % 1000) + 1)).phase).not.toBe('heard');
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('bad frames are dropped, not trusted', () => {
  it('NaN, negative or infinite levels and frames from the past change nothing', () => {
    const listening = hear(steady(QUIET_ROOM, 2000));
    const at = (listening.lastAt ?? 0) + WINDOW_MS;
    for (const frame of [
      { at, rms: Number.NaN },
      { at, rms: -1 },
      { at, rms: Number.POSITIVE_INFINITY },
      { at: Number.NaN, rms: 1 },
      { at: (listening.lastAt ?? 0) - 100, rms: 1 },
    ]) {
      expect(hearLevel(listening, frame)).toEqual(listening);
    }
  });
});
