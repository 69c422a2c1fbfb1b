import { answerScreening, choosePreset, connectBluetooth, journalRecords, passTime, reloadWithAdapter } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { fakeMicrophone, soundFile } from './fixtures/sound.js';
import { expectTheSoundNeverStops, LOUD_OPTION, microphoneUse, readyWithLoudSound, started } from './sound.js';

/**
 * A quiet room (issue 16): it never stops a session, and the microphone is open only while a
 * session runs with the option on, as the page's own account of it (StopWays.microphone()) and
 * the tracks' own readyState show.
 */
// Real audio plays in real time: these tests wait for it, so they get more than the usual minute.
test.describe.configure({ timeout: 120_000 });
test.use({ launchOptions: fakeMicrophone(soundFile('quiet')) });

test('a quiet room never stops the session', async ({ page, ble }) => {
  await expectTheSoundNeverStops(page, ble);
});

test('the microphone is never opened before Start or after Stop, even with the option on and after a reload', async ({ page, ble }) => {
  const massager = await readyWithLoudSound(page, ble);
  // Connected, option on, a minute of waiting: still not one request.
  await passTime(page, 60_000, massager);
  expect(await microphoneUse(page)).toEqual({ requests: 0, open: false, trackStates: [] });

  await started(page, massager);
  await expect.poll(() => microphoneUse(page)).toEqual({ requests: 1, open: true, trackStates: ['live'] });

  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await expect.poll(() => microphoneUse(page)).toEqual({ requests: 1, open: false, trackStates: ['ended'] });
  await passTime(page, 60_000, massager);
  expect(await microphoneUse(page)).toEqual({ requests: 1, open: false, trackStates: ['ended'] });

  // The option is remembered in this browser, and a fresh page, connected again, opens nothing either.
  await reloadWithAdapter(page, ble);
  await connectBluetooth(page);
  await expect(page.getByRole('checkbox', { name: LOUD_OPTION })).toBeChecked();
  await passTime(page, 10_000);
  expect(await microphoneUse(page)).toEqual({ requests: 0, open: false, trackStates: [] });
  expect((await journalRecords(page)).map((r) => r.endReason)).toEqual(['user']);
});

test('with the option off, a session never opens the microphone', async ({ page, ble }) => {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  await expect(page.getByRole('checkbox', { name: LOUD_OPTION })).not.toBeChecked();
  await started(page, massager);
  await passTime(page, 31_000, massager);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  expect(await microphoneUse(page)).toEqual({ requests: 0, open: false, trackStates: [] });
  await expect(page.getByTestId('listening')).toHaveCount(0);
});
