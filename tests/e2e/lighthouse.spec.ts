import { createServer } from 'node:net';
import { chromium, expect, test } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM_ARGS, findChromium } from './fixtures/browser.js';

/**
 * Lighthouse against the built app, in the same Chromium as every other browser test, as a phone
 * (its default: a mid-range phone on a slow 4G link, CPU slowed four times) and as a desktop. The goals of issue 7: performance at least ${GOALS.performance}, accessibility and best practices 100.
 * Scores are printed; an audit that costs points is named in the failure.
 */
// Issue 7's goals, held again since issue 13's start-up work (the questions drawn in parts, the
// connect screen's code loaded after the answers, no checks for an empty store, a PNG favicon).
const GOALS = { performance: 95, accessibility: 100, 'best-practices': 100 } as const;

// One run at a time: two Lighthouse runs side by side would each measure the other's load.
test.describe.configure({ mode: 'serial' });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Runs per form factor; the median score counts. The phone profile slows the CPU four times, so
 * its performance score moves with whatever else the machine does (one run in about twelve read
 * 89 to 94 on a quiet 2-core machine, the others 96 to 99, for the same build): Lighthouse's own
 * advice on variance is the median of five runs.
 */
const RUNS = { phone: 5, desktop: 1 } as const;

interface Run {
  readonly scores: Record<string, number>;
  readonly costing: readonly string[];
}

async function runLighthouse(url: string, formFactor: keyof typeof RUNS): Promise<Run> {
  const port = await freePort();
  const executablePath = findChromium();
  // Its own browser: Lighthouse drives it over the debugging port, and starts from a clean profile.
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  try {
    const result = await lighthouse(
      url,
      { port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(GOALS) },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    const { categories, audits } = result.lhr;
    const scores = Object.fromEntries(Object.keys(GOALS).map((id) => [id, Math.round((categories[id]?.score ?? 0) * 100)]));
    const costing = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${category.id}: ${ref.id} ${audits[ref.id]?.displayValue ?? ''}`),
    );
    return { scores, costing };
  } finally {
    await browser.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

for (const formFactor of ['phone', 'desktop'] as const) {
  test(`lighthouse, ${formFactor}: performance at least ${GOALS.performance}, accessibility and best practices 100 (median of ${RUNS[formFactor]})`, async ({
    baseURL,
  }) => {
    // Lighthouse loads the page several times over, throttled: far longer than a normal test.
    test.setTimeout(RUNS[formFactor] * 150_000);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS[formFactor]; i++) runs.push(await runLighthouse(`${baseURL ?? ''}/`, formFactor));
    const scores = Object.fromEntries(Object.keys(GOALS).map((id) => [id, median(runs.map((run) => run.scores[id] ?? 0))]));
    console.log(`lighthouse ${formFactor}: ${JSON.stringify(scores)} (runs: ${runs.map((run) => JSON.stringify(run.scores)).join(', ')})`);
    const costing = [...new Set(runs.flatMap((run) => run.costing))];
    if (costing.length > 0) console.log(`  costing points in some run: ${costing.join('; ')}`);
    for (const [id, goal] of Object.entries(GOALS)) {
      expect(scores[id], `${id} (${costing.filter((line) => line.startsWith(id)).join('; ')})`).toBeGreaterThanOrEqual(goal);
    }
  });
}
