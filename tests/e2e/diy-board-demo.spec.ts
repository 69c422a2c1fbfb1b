import { answerScreening, choosePreset, journalRecords, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { axeViolations, FORM_FACTORS, layoutProblems, type FormFactor } from './screens.js';

/**
 * The in-page demo of issue 15: `npm start` offers the DIY board, running the real firmware
 * binary on the emulated chip in the page, with a live view of its output pins and its own STOP
 * button to press.
 */
for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  test.describe(formFactor, () => {
    test.use(FORM_FACTORS[formFactor]);

    test('the simulated DIY board runs the real firmware: its pins follow a session, and its own STOP button ends it as a button stop', async ({
      page,
    }) => {
      await page.goto('/');
      await answerScreening(page);
      await page.getByLabel('Simulated device').selectOption({ label: 'DIY board (HM-10 module), running the real firmware' });
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await expect(page.getByTestId('connection-state')).toHaveText('EB-DIY Sim connected (simulated)');
      await expect(page.getByTestId('limits-notice')).toHaveCount(0);
      await choosePreset(page, 'everyday');
      await startSession(page);

      // The session's cards are still arriving (stop-ways loads on demand above Advanced), so a
      // click can land on a summary that just moved: open each panel until its content shows.
      const boardStop = page.getByTestId('board-stop-button');
      const ownView = page.getByText('Simulated massager: its own view');
      await expect(async () => {
        if (!(await ownView.isVisible())) await page.getByText('Advanced', { exact: true }).click();
        if (!(await boardStop.isVisible())) await ownView.click({ timeout: 2000 });
        await expect(boardStop).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 20_000 });
      // The pins, read from the chip's own registers: the soft start raises the vibration duty at D9.
      await expect(page.getByTestId('fw-vibration')).not.toHaveText('0 % duty');
      expect(await axeViolations(page)).toEqual([]);
      expect(await layoutProblems(page)).toEqual([]);

      await boardStop.click();
      await expect(page.getByTestId('fw-vibration')).toHaveText('0 % duty');
      await expect(page.getByTestId('fw-kneading')).toContainText('0 % duty');
      await expect(page.getByTestId('fw-heat')).toHaveText('off');
      await expect(page.getByTestId('session-status')).not.toContainText(/Soft start|Running/);
      await expect.poll(async () => (await journalRecords(page)).map((r) => r.endReason)).toEqual(['device-button']);
    });
  });
}
