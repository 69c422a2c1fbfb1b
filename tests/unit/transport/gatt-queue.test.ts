import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../../src/core/bytes.js';
import { GattQueue, type QueueFailure } from '../../../src/transport/gatt-queue.js';
import { LinkError } from '../../../src/transport/link.js';
import { FakeClock, FakeLink, flush } from '../support/fake-link.js';

const CONTROL = 'control';
const LIMITS = 'limits';
const STATE = 'state';
const OPTIONS = { minWriteGapMs: 50, opTimeoutMs: 1500, retryDelayMs: 100 };
const STOP_FRAME = { characteristic: CONTROL, bytes: fromHex('00'), mode: 'must-land' as const };

function setUp() {
  const clock = new FakeClock();
  const link = new FakeLink(clock);
  const queue = new GattQueue(link, OPTIONS, clock);
  const failures: QueueFailure[] = [];
  queue.failures$.subscribe((failure) => failures.push(failure));
  return { clock, link, queue, failures };
}

type Outcome = { state: 'pending' } | { state: 'resolved' } | { state: 'rejected'; error: unknown };

/** Watches a promise so a test can say how it ended without awaiting it. */
function track(promise: Promise<unknown>): { readonly outcome: Outcome } {
  const box: { outcome: Outcome } = { outcome: { state: 'pending' } };
  promise.then(
    () => (box.outcome = { state: 'resolved' }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

const vibration = (level: number) => fromHex(`01 0${level}`);

describe('GattQueue: one writer per device', () => {
  it('never has two operations on the link at once ("GATT operation already in progress")', async () => {
    const { link, queue } = setUp();
    void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
    void queue.write(LIMITS, fromHex('01 05 02 28 b0 04 58 02'), 'limits', 'must-land');
    void queue.read(STATE);
    void queue.startNotifications(STATE);
    await flush();
    for (let answered = 0; answered < 4; answered++) {
      expect(link.unanswered).toHaveLength(1);
      link.unanswered[0]!.answer();
      await flush();
    }
    expect(link.calls.map((c) => c.kind)).toEqual(['write', 'write', 'read', 'subscribe']);
    expect(link.maxOpen).toBe(1);
    expect(queue.stats.maxInFlight).toBe(1);
  });

  it('a dragged slider never builds a backlog: same-key writes coalesce, latest value wins', async () => {
    const { clock, link, queue } = setUp();
    const first = track(queue.write(CONTROL, vibration(1), 'vibration', 'must-land'));
    await flush();
    const later = [2, 3, 4, 5].map((level) => track(queue.write(CONTROL, vibration(level), 'vibration', 'must-land')));
    expect(queue.pendingCount).toBe(1);
    link.last.answer();
    await clock.advance(OPTIONS.minWriteGapMs);
    link.last.answer();
    await clock.advance(OPTIONS.minWriteGapMs);
    // Levels 2, 3 and 4 were replaced while they waited: only the latest reaches the device.
    expect(link.writes).toEqual([`${CONTROL}:01 01`, `${CONTROL}:01 05`]);
    expect(queue.stats.maxPendingPerKey).toBe(1);
    expect(queue.stats.superseded).toBe(3);
    expect(first.outcome.state).toBe('resolved');
    expect(later.map((s) => s.outcome.state)).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
  });

  it('a coalesced write keeps its place in line: it does not jump ahead of, or fall behind, other keys', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.write(STATE, fromHex('ff'), 'other', 'must-land'); // occupies the link first
    void queue.write(CONTROL, vibration(2), 'vibration', 'must-land');
    void queue.write(CONTROL, fromHex('02 01 00'), 'kneading', 'must-land');
    void queue.write(CONTROL, vibration(3), 'vibration', 'must-land');
    await clock.advance(500);
    expect(link.writes).toEqual([`${STATE}:ff`, `${CONTROL}:01 03`, `${CONTROL}:02 01 00`]);
  });

  it('the superseded writers learn their value was replaced (resolved), not lost (rejected)', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
    const replaced = track(queue.write(CONTROL, vibration(2), 'vibration', 'must-land'));
    const latest = track(queue.write(CONTROL, vibration(3), 'vibration', 'must-land'));
    await clock.advance(200);
    expect(replaced.outcome.state).toBe('resolved');
    expect(latest.outcome.state).toBe('resolved');
  });

  it('writes to one characteristic are spaced by the minimum gap, so a device is never flooded', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
    await clock.advance(10);
    void queue.write(CONTROL, fromHex('02 01 00'), 'kneading', 'must-land');
    await clock.advance(39); // t = 49
    expect(link.writes).toHaveLength(1);
    await clock.advance(1); // t = 50
    expect(link.writes).toHaveLength(2);
    expect(link.calls.map((c) => c.startedAt)).toEqual([0, 50]);
  });

  it('at most 20 writes a second reach one characteristic however fast the slider moves', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    for (let i = 0; i < 60; i++) {
      void queue.write(CONTROL, vibration(i % 10), 'vibration', 'must-land');
      await clock.advance(1000 / 60);
    }
    await clock.advance(100);
    const inFirstSecond = link.calls.filter((c) => c.startedAt < 1000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(20);
    expect(link.last.hex).toBe(`01 0${59 % 10}`);
  });

  it('a read may pass a write that waits for its gap, but writes keep their order (limits before the levels they allow)', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
    await clock.advance(1);
    void queue.write(CONTROL, vibration(2), 'vibration', 'must-land'); // waits for the gap until t = 50
    void queue.write(LIMITS, fromHex('01 05 02 28 b0 04 58 02'), 'limits', 'must-land'); // another characteristic
    void queue.read(STATE);
    await clock.advance(10);
    expect(link.calls.map((c) => `${c.kind}:${c.characteristic}`)).toEqual(['write:control', 'read:state']);
    await clock.advance(100);
    expect(link.calls.map((c) => `${c.kind}:${c.characteristic}`)).toEqual([
      'write:control',
      'read:state',
      'write:control',
      'write:limits',
    ]);
  });

  it('a level replaced after the limits were queued goes after them: a new session never sends a level before its limits', async () => {
    // Seen in the bench: a slider reset to 0 just after a stop waits for its gap; Start queues the
    // limits and then the first level, which replaced the waiting 0 in its place, ahead of the limits.
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.stop([STOP_FRAME]);
    await clock.advance(1);
    const reset = track(queue.write(CONTROL, vibration(0), 'vibration', 'must-land')); // waits for the gap
    void queue.write(LIMITS, fromHex('01 05 02 28 84 03 84 03'), 'limits', 'must-land');
    void queue.write(CONTROL, vibration(1), 'vibration', 'level');
    await clock.advance(200);
    expect(link.writes).toEqual([`${CONTROL}:00`, `${LIMITS}:01 05 02 28 84 03 84 03`, `${CONTROL}:01 01`]);
    expect(reset.outcome.state).toBe('resolved');
    expect(queue.stats.maxPendingPerKey).toBe(1);
  });

  describe('stop', () => {
    it('drops every pending write, jumps ahead of reads, and goes out the moment the operation in flight ends', async () => {
      const { link, queue } = setUp();
      void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
      await flush();
      const dropped = [
        track(queue.write(CONTROL, fromHex('02 02 00'), 'kneading', 'must-land')),
        track(queue.write(CONTROL, fromHex('03 03'), 'heat', 'must-land')),
      ];
      void queue.read(STATE);
      const stopped = track(queue.stop([STOP_FRAME]));
      expect(link.calls).toHaveLength(1);
      link.last.answer();
      await flush();
      // No clock movement: the stop does not wait for the write gap.
      expect(link.calls).toHaveLength(2);
      expect(link.last.hex).toBe('00');
      link.last.answer();
      await flush();
      expect(link.last.kind).toBe('read');
      link.last.answer();
      await flush();
      expect(link.writes).toEqual([`${CONTROL}:01 01`, `${CONTROL}:00`]);
      expect(dropped.map((d) => d.outcome.state)).toEqual(['resolved', 'resolved']);
      expect(stopped.outcome.state).toBe('resolved');
      expect(queue.stats.dropped).toBe(2);
    });

    it('goes out at once on an idle link, even right after another write to the same characteristic', async () => {
      const { link, queue } = setUp();
      link.autoAnswer = true;
      void queue.write(CONTROL, vibration(3), 'vibration', 'must-land');
      await flush();
      void queue.stop([STOP_FRAME]);
      await flush();
      expect(link.writes).toEqual([`${CONTROL}:01 03`, `${CONTROL}:00`]);
    });

    it('a level queued after a stop goes out after it, never before', async () => {
      const { clock, link, queue } = setUp();
      link.autoAnswer = true;
      void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
      await flush();
      void queue.stop([STOP_FRAME]);
      void queue.write(CONTROL, vibration(2), 'vibration', 'must-land');
      await clock.advance(200);
      expect(link.writes).toEqual([`${CONTROL}:01 01`, `${CONTROL}:00`, `${CONTROL}:01 02`]);
    });

    it('a write that fails while a stop waits behind it is not retried after the stop', async () => {
      const { clock, link, queue } = setUp();
      const level = track(queue.write(CONTROL, vibration(5), 'vibration', 'must-land'));
      await flush();
      void queue.stop([STOP_FRAME]);
      link.last.fail();
      await flush();
      expect(link.last.hex).toBe('00');
      link.last.answer();
      await clock.advance(1000);
      // The level the person had asked for must not reach the device after the stop.
      expect(link.writes).toEqual([`${CONTROL}:01 05`, `${CONTROL}:00`]);
      expect(level.outcome.state).not.toBe('pending');
    });

    it('a write that times out while a stop waits behind it wedges the queue: the stop is refused, never stacked on it', async () => {
      const { clock, link, queue, failures } = setUp();
      void queue.write(CONTROL, vibration(5), 'vibration', 'must-land').catch(() => undefined);
      await flush();
      const stopped = track(queue.stop([STOP_FRAME]));
      await clock.advance(OPTIONS.opTimeoutMs);
      // The radio may still hold the level write: starting the stop now would put two operations on
      // the link. The owner drops the link instead (its firmware then stops on link loss).
      expect(link.writes).toEqual([`${CONTROL}:01 05`]);
      expect(stopped.outcome.state).toBe('rejected');
      expect(failures).toEqual([expect.objectContaining({ kind: 'write-failed', timedOut: true })]);
      expect(queue.wedged).toBe(true);
      await clock.advance(10_000);
      expect(link.writes).toEqual([`${CONTROL}:01 05`]);
    });

    it('a stop that fails is retried at once, without the retry delay', async () => {
      const { link, queue, failures } = setUp();
      const stopped = track(queue.stop([STOP_FRAME]));
      await flush();
      link.last.fail();
      await flush();
      expect(link.writes).toEqual([`${CONTROL}:00`, `${CONTROL}:00`]);
      link.last.answer();
      await flush();
      expect(stopped.outcome.state).toBe('resolved');
      expect(failures).toEqual([]);
    });

    it('a stop that times out is reported as stop-failed at once, without waiting a second time', async () => {
      const { clock, link, queue, failures } = setUp();
      const stopped = track(queue.stop([STOP_FRAME]));
      await clock.advance(OPTIONS.opTimeoutMs - 1);
      expect(failures).toEqual([]);
      await clock.advance(1);
      expect(failures).toEqual([expect.objectContaining({ kind: 'stop-failed', characteristic: CONTROL, timedOut: true })]);
      expect(stopped.outcome.state).toBe('rejected');
      await clock.advance(10 * OPTIONS.opTimeoutMs);
      expect(link.writes).toEqual([`${CONTROL}:00`]);
      expect(failures).toHaveLength(1);
    });
  });

  describe('failures', () => {
    it('a failed write is retried once, after the retry delay, and then succeeds quietly', async () => {
      const { clock, link, queue, failures } = setUp();
      const write = track(queue.write(CONTROL, vibration(2), 'vibration', 'must-land'));
      await flush();
      link.last.fail();
      await clock.advance(OPTIONS.retryDelayMs - 1);
      expect(link.calls).toHaveLength(1);
      await clock.advance(1);
      expect(link.writes).toEqual([`${CONTROL}:01 02`, `${CONTROL}:01 02`]);
      link.last.answer();
      await flush();
      expect(write.outcome.state).toBe('resolved');
      expect(failures).toEqual([]);
    });

    it('a write that fails twice is reported on failures$ and its writer hears the error', async () => {
      const { clock, link, queue, failures } = setUp();
      const write = track(queue.write(CONTROL, vibration(2), 'vibration', 'must-land'));
      await flush();
      link.last.fail();
      await clock.advance(OPTIONS.retryDelayMs);
      link.last.fail(new LinkError('gatt', 'The massager refused the write (ATT error 0x80).'));
      await flush();
      expect(link.calls).toHaveLength(2);
      expect(failures).toEqual([
        {
          kind: 'write-failed',
          characteristic: CONTROL,
          key: 'vibration',
          timedOut: false,
          message: 'The massager refused the write (ATT error 0x80).',
        },
      ]);
      expect(write.outcome.state).toBe('rejected');
    });

    it('a failed read is retried once, then reported as read-failed', async () => {
      const { clock, link, queue, failures } = setUp();
      void queue.read(STATE).catch(() => undefined);
      await flush();
      link.last.fail();
      await clock.advance(OPTIONS.retryDelayMs);
      link.last.fail();
      await flush();
      expect(failures.map((f) => f.kind)).toEqual(['read-failed']);
    });

    it('a write that is never answered times out once, is not retried on top of itself, and is reported as timed out', async () => {
      const { clock, link, queue, failures } = setUp();
      const write = track(queue.write(CONTROL, vibration(2), 'vibration', 'must-land'));
      await clock.advance(OPTIONS.opTimeoutMs + OPTIONS.retryDelayMs);
      expect(link.calls).toHaveLength(1);
      expect(failures).toEqual([expect.objectContaining({ kind: 'write-failed', timedOut: true })]);
      expect(write.outcome).toMatchObject({ state: 'rejected', error: { code: 'timeout' } });
    });

    it('after a timeout nothing more is started on the link, and a late answer changes nothing', async () => {
      const { clock, link, queue, failures } = setUp();
      void queue.write(CONTROL, vibration(2), 'vibration', 'must-land').catch(() => undefined);
      await clock.advance(OPTIONS.opTimeoutMs);
      expect(failures).toHaveLength(1);
      const next = track(queue.write(LIMITS, fromHex('01 05 02 28 b0 04 58 02'), 'limits', 'must-land'));
      const read = track(queue.read(STATE));
      await flush();
      expect(link.calls).toHaveLength(1);
      expect(next.outcome.state).toBe('rejected');
      expect(read.outcome.state).toBe('rejected');
      // The abandoned write answers long after it was given up on.
      link.calls[0]!.answer();
      await clock.advance(1000);
      expect(link.calls).toHaveLength(1);
      // One report only: the owner drops the link on it, not once per refused operation.
      expect(failures).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('rejects every pending and in-flight operation, ignores late answers, and refuses new ones', async () => {
      const { link, queue, failures } = setUp();
      const inFlight = track(queue.write(CONTROL, vibration(1), 'vibration', 'must-land'));
      await flush();
      const pendingWrite = track(queue.write(LIMITS, fromHex('01 05 02 28 b0 04 58 02'), 'limits', 'must-land'));
      const pendingRead = track(queue.read(STATE));
      queue.close('The massager disconnected.');
      await flush();
      for (const op of [inFlight, pendingWrite, pendingRead]) {
        expect(op.outcome).toMatchObject({ state: 'rejected', error: { code: 'disconnected', message: 'The massager disconnected.' } });
      }
      link.last.answer();
      await flush();
      expect(link.calls).toHaveLength(1);
      expect(failures).toEqual([]);
      const after = track(queue.write(CONTROL, vibration(1), 'vibration', 'must-land'));
      await flush();
      expect(after.outcome).toMatchObject({ state: 'rejected', error: { code: 'disconnected' } });
      expect(link.calls).toHaveLength(1);
      await expect(queue.whenIdle()).resolves.toBeUndefined();
    });
  });

  it('whenIdle resolves only once everything queued has gone out', async () => {
    const { clock, link, queue } = setUp();
    link.autoAnswer = true;
    void queue.write(CONTROL, vibration(1), 'vibration', 'must-land');
    void queue.write(CONTROL, fromHex('02 01 00'), 'kneading', 'must-land');
    const idle = track(queue.whenIdle());
    await flush();
    expect(idle.outcome.state).toBe('pending');
    await clock.advance(100);
    expect(idle.outcome.state).toBe('resolved');
    expect(link.writes).toHaveLength(2);
  });
});

type QueueAction =
  | { kind: 'write'; key: 'vibration' | 'kneading' | 'heat' | 'limits' }
  | { kind: 'read' }
  | { kind: 'stop' }
  | { kind: 'answer'; ok: boolean }
  | { kind: 'wait'; ms: number };

const queueAction: fc.Arbitrary<QueueAction> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      key: fc.constantFrom('vibration' as const, 'kneading' as const, 'heat' as const, 'limits' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'read' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stop' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('answer' as const), ok: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant(OPTIONS.opTimeoutMs)),
    }),
  },
);

describe('GattQueue properties', () => {
  it('over random writes, reads, stops, answers, failures and timeouts: one live operation, one pending write per key, the stop first, nothing from before a stop after it [600 runs]', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(queueAction, { maxLength: 60 }), async (actions) => {
        const { clock, link, queue } = setUp();
        let serial = 0;
        const requested: string[] = [];
        // Set at each stop: where the link's calls stood, and which writes had been asked for by then.
        let lastStop: { fromCall: number; stale: Set<string> } | null = null;
        // An operation the queue gave up on (timed out) may still be open at the device; it is not live.
        const live = () => link.unanswered.filter((c) => clock.now() < c.startedAt + OPTIONS.opTimeoutMs);

        for (const action of actions) {
          switch (action.kind) {
            case 'write': {
              const hex = `${action.key === 'limits' ? 'aa' : 'bb'} ${(++serial).toString(16).padStart(2, '0')}`;
              requested.push(hex);
              void queue.write(action.key === 'limits' ? LIMITS : CONTROL, fromHex(hex), action.key, 'must-land').catch(() => undefined);
              break;
            }
            case 'read':
              void queue.read(STATE).catch(() => undefined);
              break;
            case 'stop':
              lastStop = { fromCall: link.calls.length, stale: new Set(requested) };
              void queue.stop([STOP_FRAME]).catch(() => undefined);
              break;
            case 'answer': {
              const call = live()[0];
              if (call && action.ok) call.answer();
              else if (call) call.fail();
              break;
            }
            case 'wait':
              await clock.advance(action.ms);
              break;
          }
          await flush();
          expect(live().length).toBeLessThanOrEqual(1);
          if (lastStop) {
            const writesAfter = link.calls.slice(lastStop.fromCall).filter((c) => c.kind === 'write');
            if (writesAfter[0]) expect(writesAfter[0].hex).toBe('00');
            for (const write of writesAfter) expect(lastStop.stale.has(write.hex)).toBe(false);
          }
        }
        expect(queue.stats.maxPendingPerKey).toBeLessThanOrEqual(1);
        expect(queue.stats.maxInFlight).toBeLessThanOrEqual(1);
        queue.close();
      }),
      { numRuns: 600 },
    );
  });
});
