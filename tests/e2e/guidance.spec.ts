import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { expect, test, type Page } from './fixtures/ble.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults {
  violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[];
}

/** Runs axe-core on the guidance panel (inside app-root's shadow root) and lists what it finds. */
async function guidanceViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<AxeResults> } }).axe;
    const results = await axe.run({ fromShadowDom: ['app-root', 'aside'] });
    return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
  });
}

function guidance(page: Page) {
  return page.getByRole('complementary', { name: 'Guidance' });
}

/** A topic folded under its title, one tap from opening. */
function folded(page: Page, title: string) {
  return guidance(page)
    .locator('summary')
    .filter({ hasText: new RegExp(`^${title}$`) });
}

/** The topic shown open: its title is the panel's only level-3 heading. */
function openTopic(page: Page) {
  return guidance(page).getByRole('heading', { level: 3 });
}

test('guidance follows the person: heat on brings careful heat, turning up brings gentleness, a symptom brings stop and get help', async ({
  page,
  ble,
}) => {
  const massager = await ble.massager();
  await page.goto('/');
  await expect(guidance(page).getByTestId('guidance-context')).toHaveText('Before you start');
  await expect(openTopic(page)).toHaveText('What a massager can and cannot do');

  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  await expect(openTopic(page)).toHaveText('Choosing a preset');
  await startSession(page);
  await expect(openTopic(page)).toHaveText('Where to put it, and where not');

  // Everyday relief starts warm: switch heat off, then on again as a person would.
  await setSlider(page, 'Heat', 0);
  await expect(guidance(page).getByTestId('guidance-context')).toHaveText('During the session');
  await setSlider(page, 'Heat', 2);
  await expect(guidance(page).getByTestId('guidance-context')).toHaveText('Heat is on');
  await expect(openTopic(page)).toHaveText('Careful heat');
  await expect(guidance(page).getByText('Never warm skin that feels numb or dull.')).toBeVisible();

  await setSlider(page, 'Vibration', 4);
  await expect(guidance(page).getByTestId('guidance-context')).toHaveText('You turned it up');
  await expect(openTopic(page)).toHaveText('Keep it gentle');
  // Heat is still on, so careful heat stays one tap away.
  await expect(folded(page, 'Careful heat')).toBeVisible();

  await page.getByRole('button', { name: 'Symptoms' }).click();
  await expect.poll(() => massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0 });
  await expect(guidance(page).getByTestId('guidance-context')).toHaveText('Stopped for symptoms');
  await expect(openTopic(page)).toHaveText('Stop if symptoms get worse');
  await expect(folded(page, 'When to see a doctor or physical therapist')).toBeVisible();
});

test('a link inside a topic opens the topic it names, and every topic is in the list', async ({ page }) => {
  await page.goto('/');
  await guidance(page).getByRole('button', { name: 'when to get help' }).click();
  await expect(openTopic(page)).toHaveText('When to see a doctor or physical therapist');
  await expect(openTopic(page)).toBeFocused();
  await guidance(page).getByRole('button', { name: 'Back to guidance for now' }).click();
  await expect(openTopic(page)).toHaveText('What a massager can and cannot do');

  await guidance(page)
    .getByText(/^All guidance/)
    .click();
  const list = guidance(page).getByRole('navigation', { name: 'All guidance' });
  await expect(list.getByRole('button')).toHaveCount(readdirSync('content').filter((name) => name.endsWith('.md')).length);
  await list.getByRole('button', { name: 'Kneading' }).click();
  await expect(openTopic(page)).toHaveText('Kneading');
});

test('the body map marks the muscles to use and the spine to avoid, in words a screen reader reads', async ({ page }) => {
  await page.goto('/');
  await folded(page, 'Where to put it, and where not').click();
  const map = guidance(page).getByRole('img', { name: 'Where to put the massager, seen from behind' });
  await expect(map).toBeVisible();
  await expect(map).toHaveAccessibleDescription(/muscles on each side of the lower spine.*never to use: the spine/i);
  await expect(guidance(page).getByRole('list', { name: 'Where to put the massager' }).getByRole('listitem')).toHaveText([
    /Use here: Muscles on each side of the lower spine/,
    /Use here: Buttocks \(glutes\)/,
    /Use here: Backs of the thighs \(hamstrings\)/,
    /Never here: The spine itself/,
  ]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`guidance and the body map stay readable in ${colorScheme} mode (contrast, names, structure)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await folded(page, 'Where to put it, and where not').click();
    await guidance(page)
      .getByText(/^All guidance/)
      .click();
    await expect(guidance(page).getByRole('img', { name: 'Where to put the massager, seen from behind' })).toBeVisible();
    expect(await guidanceViolations(page)).toEqual([]);
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('guidance opens with one tap from a scrolled page, and Stop stays on screen and works', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await startSession(page);
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);

    const toggle = page.getByRole('button', { name: /^Guidance/ });
    await expect(toggle).toBeInViewport();
    await expect(guidance(page).getByRole('heading', { name: 'Guidance', level: 2 })).toBeHidden();
    await toggle.tap();
    await expect(page.getByRole('button', { name: /^Hide guidance/ })).toHaveAttribute('aria-expanded', 'true');
    await expect(openTopic(page)).toHaveText('Where to put it, and where not');
    await expect(openTopic(page)).toBeInViewport();
    await expect(page.getByRole('button', { name: 'STOP' })).toBeInViewport({ ratio: 1 });

    await passTime(page, 31_000, massager);
    await page.getByRole('button', { name: 'STOP' }).tap();
    await expect.poll(() => massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0 });
  });
});
