import { test } from './fixtures/ble.js';
import { fakeMicrophone, soundFile } from './fixtures/sound.js';
import { expectTheSoundStops } from './sound.js';

/** A loud sound stops the session (issue 16): here a clap (a sharp burst of noise made by sox), played by Chromium's fake microphone. */
// Real audio plays in real time: these tests wait for it, so they get more than the usual minute.
test.describe.configure({ timeout: 120_000 });
test.use({ launchOptions: fakeMicrophone(soundFile('clap')) });

test('a clap stops the massager at the device, journaled as a sound stop', async ({ page, ble }) => {
  await expectTheSoundStops(page, ble);
});
