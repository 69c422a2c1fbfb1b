import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleQueue, type IdleScheduler } from '../../../src/app/idle.js';

/** Idle periods handed out by hand: each call of `idle()` runs the one callback waiting. */
function manualIdle(): IdleScheduler & { idle(): void; readonly waiting: number } {
  const callbacks: (() => void)[] = [];
  return {
    schedule: (run) => void callbacks.push(run),
    idle: () => callbacks.shift()?.(),
    get waiting() {
      return callbacks.length;
    },
  };
}

describe('start-up work deferred to idle time', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs one piece per idle period, in the order queued, so no two pile into one long task', async () => {
    const idle = manualIdle();
    const queue = new IdleQueue(idle, 1500);
    const ran: string[] = [];
    queue.add(() => ran.push('stop ways'));
    queue.add(() => ran.push('tabs'));
    queue.add(() => ran.push('bluetooth'));
    expect(ran).toEqual([]);
    expect(idle.waiting).toBe(1);
    idle.idle();
    expect(ran).toEqual(['stop ways']);
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.waiting).toBe(1);
    idle.idle();
    await vi.advanceTimersByTimeAsync(0);
    idle.idle();
    expect(ran).toEqual(['stop ways', 'tabs', 'bluetooth']);
  });

  it('waits for a piece that loads a module before starting the next', async () => {
    const idle = manualIdle();
    const queue = new IdleQueue(idle, 1500);
    let arrive: () => void = () => undefined;
    const ran: string[] = [];
    queue.add(() => new Promise<void>((resolve) => (arrive = resolve)).then(() => void ran.push('module')));
    queue.add(() => ran.push('next'));
    idle.idle();
    await vi.advanceTimersByTimeAsync(100);
    expect(idle.waiting).toBe(0);
    arrive();
    await vi.advanceTimersByTimeAsync(0);
    idle.idle();
    expect(ran).toEqual(['module', 'next']);
  });

  it('a piece that fails or never settles does not hold up the rest for longer than the timeout', async () => {
    const idle = manualIdle();
    const queue = new IdleQueue(idle, 1500);
    const ran: string[] = [];
    queue.add(() => {
      throw new Error('module failed to load');
    });
    queue.add(() => Promise.reject(new Error('rejected')));
    queue.add(() => new Promise(() => undefined));
    queue.add(() => ran.push('last'));
    idle.idle();
    await vi.advanceTimersByTimeAsync(0);
    idle.idle();
    await vi.advanceTimersByTimeAsync(0);
    idle.idle();
    await vi.advanceTimersByTimeAsync(1499);
    expect(idle.waiting).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    idle.idle();
    expect(ran).toEqual(['last']);
  });
});
