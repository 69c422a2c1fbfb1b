import { describe, expect, it } from 'vitest';
import { HOLDS, STRETCH_RULES, STRETCHES } from '../../../../src/core/guidance/stretches.js';
import { stretchesOffered } from '../../../../src/core/guidance/stretch-rule.js';
import { basisOf, SOURCES } from '../../../../src/core/safety/sources.js';

describe('the stretch routine after a session', () => {
  it('traces every rule and every stretch to a source in the safety research, or says it is a judgment and why', () => {
    const bases = [...Object.values(STRETCH_RULES), ...STRETCHES.flatMap((s) => s.basis)];
    for (const basis of bases) {
      if ('source' in basis) expect(Object.keys(SOURCES)).toContain(basis.source);
      else expect(basis.judgment.length).toBeGreaterThan(20);
      expect(basisOf(basis)).not.toBe('');
    }
    // Each stretch has at least one cited part (what it is for) as well as its judgment (how).
    for (const stretch of STRETCHES) expect(stretch.basis.some((b) => 'source' in b)).toBe(true);
  });

  it('covers the back, the buttocks and the backs of the thighs, as the article advises', () => {
    expect(STRETCHES.map((s) => s.area).join(' ')).toMatch(/lower back.*buttocks.*backs of the thighs/);
  });

  it('is a few gentle holds: one a side where a stretch has sides, each short', () => {
    expect(HOLDS).toHaveLength(7);
    expect(STRETCH_RULES.holdSeconds.value).toBeLessThanOrEqual(30);
  });

  it('is never offered after a symptom stop, a fault or a lost link', () => {
    expect(stretchesOffered('completed')).toBe(true);
    expect(stretchesOffered('user')).toBe(true);
    for (const reason of [
      'symptom',
      'fault',
      'disconnected',
      'device-stopped',
      'write-failed',
      'paused-too-long',
      'interrupted',
    ] as const) {
      expect(stretchesOffered(reason)).toBe(false);
    }
  });
});
