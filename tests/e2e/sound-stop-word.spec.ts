import { expectAtRest, firmware, firstStop, keptSession } from './faults.js';
import { expect, test } from './fixtures/ble.js';
import { fakeMicrophone, soundFile } from './fixtures/sound.js';
import { lastHeard, microphoneUse, readyWithLoudSound, started } from './sound.js';

/** A loud sound stops the session (issue 16): here a spoken "stop!" (espeak-ng), played by Chromium's fake microphone. */
// Real audio plays in real time: these tests wait for it, so they get more than the usual minute.
test.describe.configure({ timeout: 120_000 });
test.use({ launchOptions: fakeMicrophone(soundFile('stop-word')) });

test('a spoken "stop!" stops the massager at the device, journaled as a sound stop', async ({ page, ble }) => {
  const massager = await readyWithLoudSound(page, ble);
  const mark = await started(page, massager);
  await expect(page.getByTestId('listening')).toContainText('Microphone on');

  // Real time: the file plays its sound 4 s after the microphone opens (after the 1.5 s calibration).
  await expect.poll(() => firstStop(massager, mark), { timeout: 20_000 }).toBe('stop-command');
  expectAtRest(massager);
  expect(await keptSession(page)).toMatchObject({ endReason: 'sound' });
  await expect(page.getByTestId('session-end')).toContainText('a loud sound was heard');
  // On the audio clock (not the machine's speed): the rule decided within 30 ms of the sound's onset.
  const heard = await lastHeard(page);
  expect(heard?.phase).toBe('heard');
  expect((heard?.heardAt ?? Infinity) - (heard?.onsetAt ?? 0)).toBeLessThanOrEqual(30);
  // The microphone closed with the session.
  await expect.poll(() => microphoneUse(page)).toMatchObject({ open: false, trackStates: ['ended'] });
  expect(firmware(massager).armed).toBe(false);
});
