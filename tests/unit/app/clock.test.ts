import { describe, expect, it } from 'vitest';
import { AppClock } from '../../../src/app/clock.js';

/** A monotonic clock and a wall clock the test moves by hand. */
function clocks() {
  const t = { mono: 1_000, wall: Date.UTC(2026, 11, 1, 9, 0, 0) };
  return {
    t,
    clock: new AppClock(
      () => t.mono,
      () => t.wall,
    ),
  };
}

describe('the app clock: a clock change neither lengthens a session nor loses it', () => {
  it('starts at the wall time and then follows the monotonic clock only', () => {
    const { t, clock } = clocks();
    const start = clock.now();
    expect(start).toBe(t.wall);
    t.mono += 60_000;
    t.wall -= 60 * 60_000; // the computer's clock set back an hour
    expect(clock.now() - start).toBe(60_000);
    t.mono += 60_000;
    t.wall += 25 * 60 * 60_000; // and then 25 hours ahead
    expect(clock.now() - start).toBe(120_000);
  });

  it('never goes backwards', () => {
    const { t, clock } = clocks();
    const first = clock.now();
    t.mono -= 500;
    expect(clock.now()).toBe(first);
  });

  it('catches up, forward only, for time a hidden page lost while suspended', () => {
    const { t, clock } = clocks();
    const start = clock.now();
    clock.pageHidden();
    t.mono += 1_000; // suspended: the monotonic clock barely moved
    t.wall += 4 * 60_000;
    clock.pageShown();
    expect(clock.now() - start).toBe(4 * 60_000);
    clock.pageHidden();
    t.mono += 60_000;
    t.wall -= 60 * 60_000; // set back while hidden: no effect
    clock.pageShown();
    expect(clock.now() - start).toBe(5 * 60_000);
  });
});
