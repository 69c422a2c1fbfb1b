import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from '@playwright/test';
import { runSoak } from '../unit/support/soak.js';
import { round } from './stats.js';

/** A full garbage collection without restarting node with --expose-gc: the flag, then a fresh context's gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

test('soak: eight simulated hours of back-to-back sessions through the app layer, heap and subscriptions', async () => {
  const hours = 8;
  const started = performance.now();
  const result = await runSoak({ hours, gc: exposeGc() });
  const wallSeconds = (performance.now() - started) / 1000;
  const after = result.samples.at(-1);
  // Every session that started has exactly one journal record, on every run (issue 12).
  expect(result.refusedStarts, 'starts the engine refused during the soak').toEqual([]);
  expect([...result.journalIds].sort(), 'one journal record per started session').toEqual([...result.started].sort());
  const growth = Math.max(0, ...result.samples.map((s) => s.openSubscriptions - result.baseline.openSubscriptions));
  await test.info().attach('figures', {
    contentType: 'application/json',
    body: JSON.stringify({
      soak_simulated_hours: result.simulatedHours,
      soak_sessions: result.sessions,
      soak_wall_s: round(wallSeconds, 1),
      soak_heap_warm_mb: round(result.heapWarmMb ?? Number.NaN),
      soak_heap_end_mb: round(result.heapEndMb ?? Number.NaN),
      soak_heap_growth_mb: round((result.heapEndMb ?? Number.NaN) - (result.heapWarmMb ?? Number.NaN)),
      soak_journal_records: result.journalRecords,
      soak_sessions_started: result.started.length,
      soak_starts_refused: result.refusedStarts.length,
      soak_open_subscriptions_idle: result.baseline.openSubscriptions,
      soak_open_subscriptions_after: after?.openSubscriptions ?? -1,
      soak_subscription_growth_max: growth,
      soak_firmware_listeners_after: after?.firmwareListeners ?? -1,
      soak_timers_after: after?.timers ?? -1,
      soak_open_subscriptions_after_dispose: result.afterDispose.openSubscriptions,
    }),
  });
});
