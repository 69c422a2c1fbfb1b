import { describe, expect, it } from 'vitest';
import { announceLevels, announceTimeLeft } from '../../../src/app/announcements.js';
import { ALL_OFF } from '../../../src/core/commands.js';

const MINUTE = 60_000;

describe('what a screen reader hears during a session', () => {
  it('the time left is spoken once as it crosses 15, 10, 5 and 2 minutes, and not in between', () => {
    expect(announceTimeLeft(15 * MINUTE + 250, 15 * MINUTE)?.text).toBe('15 minutes left.');
    expect(announceTimeLeft(10 * MINUTE + 200, 10 * MINUTE - 50)?.text).toBe('10 minutes left.');
    expect(announceTimeLeft(5 * MINUTE + 1, 5 * MINUTE)?.text).toBe('5 minutes left.');
    expect(announceTimeLeft(2 * MINUTE + 250, 2 * MINUTE)?.text).toBe('2 minutes left.');
    expect(announceTimeLeft(9 * MINUTE, 8 * MINUTE)).toBeNull();
    expect(announceTimeLeft(5 * MINUTE, 4 * MINUTE)).toBeNull();
    // A page that slept through several marks speaks once, with the time really left.
    expect(announceTimeLeft(12 * MINUTE, 4 * MINUTE)?.text).toBe('4 minutes left.');
  });

  it('the chosen levels are spoken by name, only those that changed, "off" for zero', () => {
    expect(announceLevels(ALL_OFF, { ...ALL_OFF, vibration: 3 })?.text).toBe('Vibration at 3.');
    expect(announceLevels({ ...ALL_OFF, heat: 2 }, { ...ALL_OFF, heat: 0, kneading: 1 })?.text).toBe('Kneading at 1, Heat off.');
    expect(announceLevels({ ...ALL_OFF, vibration: 2 }, { ...ALL_OFF, vibration: 2 })).toBeNull();
  });
});
