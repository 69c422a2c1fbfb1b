import { expect, test } from './fixtures/ble.js';
import { fakeMicrophone, soundFile } from './fixtures/sound.js';
import { axeViolations } from './screens.js';
import { expectTheSoundNeverStops, microphoneUse } from './sound.js';

/** Loud, steady noise (a fan or a washing machine beside the phone) must not stop a session (issue 16). */
// Real audio plays in real time: these tests wait for it, so they get more than the usual minute.
test.describe.configure({ timeout: 120_000 });
test.use({ launchOptions: fakeMicrophone(soundFile('steady-noise')) });

test('loud steady noise never stops the session, and the listening indicator passes axe-core', async ({ page, ble }) => {
  await expectTheSoundNeverStops(page, ble, async () => {
    await expect(page.getByTestId('session-status')).toContainText(/Soft start|Running/);
    expect(await microphoneUse(page)).toMatchObject({ requests: 1, open: true });
    expect(await axeViolations(page)).toEqual([]);
  });
});
