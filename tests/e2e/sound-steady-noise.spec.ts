import { keptSession, firmware } from './faults.js';
import { expect, test } from './fixtures/ble.js';
import { fakeMicrophone, soundFile } from './fixtures/sound.js';
import { axeViolations } from './screens.js';
import { microphoneUse, readyWithLoudSound, started } from './sound.js';

/** Loud, steady noise (a fan or a washing machine beside the phone) must not stop a session (issue 16). */
// Real audio plays in real time: these tests wait for it, so they get more than the usual minute.
test.describe.configure({ timeout: 120_000 });
test.use({ launchOptions: fakeMicrophone(soundFile('steady-noise')) });

test('loud steady noise never stops the session, and the listening indicator passes axe-core', async ({ page, ble }) => {
  const massager = await readyWithLoudSound(page, ble);
  const mark = await started(page, massager);
  await expect(page.getByTestId('listening')).toContainText('a loud sound stops the session');
  // Longer than one loop of the file (12 s), in real time: the loop's seam must not count as an onset either.
  await page.waitForTimeout(14_000);
  expect(massager.stopsSince(mark)).toEqual([]);
  expect(firmware(massager).armed).toBe(true);
  await expect(page.getByTestId('session-status')).toContainText(/Soft start|Running/);
  expect(await microphoneUse(page)).toMatchObject({ requests: 1, open: true });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
});
