import { readFileSync } from 'node:fs';
import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { firmware, SECOND } from './faults.js';
import { expect, test, type Page } from './fixtures/ble.js';

/**
 * Issue 12: the limits hold whatever an imported profile, another tab, the clock or stored data
 * says. Each test is named after the way round the limits it closes, and checks the massager (its
 * bytes and its firmware's state) and what the app stored.
 */

/** Read from the file: Playwright's loader takes no JSON modules. */
const openMassagerJson = JSON.parse(readFileSync(new URL('../../devices/open-massager/profile.json', import.meta.url), 'utf8')) as Json;

type Json = Record<string, unknown> & { capabilities: Record<string, unknown> };

/** A copy of the built-in open massager's profile under another id, as a person might import it. */
function copyOfOpenMassager(id: string, name: string, steps: number): Json {
  const json = structuredClone(openMassagerJson);
  json.id = id;
  json.name = name;
  json.capabilities.vibration = { steps };
  return json;
}

async function importProfile(page: Page, name: string, json: unknown): Promise<void> {
  await page
    .getByLabel('Import a profile (JSON)')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
}

/** A store of the app's IndexedDB, read with the browser's own API. */
async function storeContents(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = indexedDB.open('easeback');
        request.onerror = () => reject(new Error('easeback could not be opened'));
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as unknown[]);
          };
          all.onerror = () => reject(new Error(`${name} could not be read`));
        };
      }),
    store,
  );
}

/** Every vibration level the page wrote to the open massager's control point. */
function vibrationLevelsWritten(massager: { writesTo(uuid: string): { bytes: number[] }[] }): number[] {
  return massager
    .writesTo(OPEN_MASSAGER.control)
    .filter((w) => w.bytes[0] === 0x01)
    .map((w) => w.bytes[1] ?? 0);
}

test.describe('class 1: a profile cannot widen a known device', () => {
  test('a copy of the built-in profile claiming 33 vibration steps is refused, and Gentle still sends at most 3 of 10', async ({
    page,
    ble,
  }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await importProfile(page, 'lookalike.json', copyOfOpenMassager('my-open-massager', 'My massager', 33));
    await expect(page.getByTestId('profile-outcome')).toContainText(
      'lookalike.json was not imported. capabilities.vibration.steps: must be at most 10',
    );
    expect(await storeContents(page, 'profiles')).toEqual([]);

    await connectBluetooth(page);
    await choosePreset(page, 'gentle');
    await startSession(page);
    // Gentle is 30 % of the device's 10 steps: limits 01 03 ..., and the firmware holds 3.
    await expect.poll(() => massager.writesTo(OPEN_MASSAGER.limits).map((w) => w.hex)).toEqual(['01 03 01 26 58 02 58 02']);
    await passTime(page, 31 * SECOND, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await setSlider(page, 'Vibration', 10);
    await expect.poll(() => firmware(massager).vibration).toBe(3);
    expect(firmware(massager).limits).toMatchObject({ maxVibration: 3 });
    expect(Math.max(...vibrationLevelsWritten(massager))).toBeLessThanOrEqual(3);
  });

  test('a lookalike that only narrows is held to the device as a narrowing: fewer steps never mean a bigger share', async ({
    page,
    ble,
  }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await importProfile(page, 'five.json', copyOfOpenMassager('my-five', 'Five steps', 5));
    await expect(page.getByRole('list', { name: 'Imported profiles' })).toContainText('Five steps (my-five, narrows open-massager)');
    await connectBluetooth(page);
    await choosePreset(page, 'gentle');
    await startSession(page);
    // 30 % of 5 steps rounds down to 1: never more than 30 % of the 10 the device really has.
    await expect.poll(() => firmware(massager).limits).toMatchObject({ maxVibration: 1 });
    await passTime(page, 31 * SECOND, massager);
    await setSlider(page, 'Vibration', 5);
    await expect.poll(() => firmware(massager).vibration).toBe(1);
    expect(Math.max(...vibrationLevelsWritten(massager))).toBeLessThanOrEqual(1);
  });
});
