import { cited, judged, type Sourced } from '../safety/sources.js';
import { STRETCHES_OFFERED_AFTER } from './stretch-rule.js';

/**
 * The guided stretch routine offered after a session: a few gentle holds lying down, each with a
 * timer and a figure. Every choice names its basis (src/core/safety/sources.ts, from
 * ../shared/research/safety-facts.md) or says it is a judgment and why. It is not stored.
 */

export type StretchFigure = 'knee-hug' | 'figure-four' | 'towel-thigh' | 'pelvic-tilt';

export interface Stretch {
  readonly id: StretchFigure;
  readonly name: string;
  /** What it eases, in a person's words. */
  readonly area: string;
  /** How to do it, in our own words. */
  readonly steps: readonly string[];
  /** Held once, or once on each side. */
  readonly sides: 1 | 2;
  /** Why this one is in the routine, and why it is done this way. */
  readonly basis: readonly Sourced<string>[];
}

export const STRETCH_RULES = {
  /** Offering movement after the massage at all. */
  offered: cited(
    'after a session that ended well',
    'nice-exercise-package',
    'massage belongs with exercise; the article advises stretching and strengthening beside it',
  ),
  /** Not after a symptom stop, a fault or a lost link: the red-flag advice or a rest comes first. */
  offeredAfter: STRETCHES_OFFERED_AFTER,
  /** Seconds of each hold. */
  holdSeconds: judged(20, 'long enough to feel a muscle let go, short enough for a sore back; no source gives a hold for sciatica'),
  /** When to stop. */
  stopWhen: cited(
    'a stretch hurts, or pain, numbness or tingling spreads down a leg',
    'article',
    'stop on more pain, numbness or tingling',
  ),
} as const;

export const STRETCHES: readonly Stretch[] = [
  {
    id: 'knee-hug',
    name: 'Knee hug',
    area: 'lower back',
    steps: [
      'Lie on your back with both knees bent and feet flat.',
      'Bring one knee up and hold it with both hands, drawing it gently toward your chest.',
      'Keep the other foot on the bed or floor. Breathe slowly.',
    ],
    sides: 2,
    basis: [
      cited('the lower back', 'article', 'stretching the back'),
      judged('lying down, one knee at a time', 'nothing to balance, and one knee bends the back less than two'),
    ],
  },
  {
    id: 'figure-four',
    name: 'Crossed-leg buttock stretch',
    area: 'buttocks',
    steps: [
      'Lie on your back with both knees bent.',
      'Rest one ankle just above the other knee, so your legs make a figure 4.',
      'Lift the foot that is still down and draw that thigh slowly toward you until the buttock feels a mild pull.',
    ],
    sides: 2,
    basis: [
      cited('the buttocks', 'article', 'stretching the glutes'),
      judged(
        'a mild pull only',
        'the sciatic nerve runs under these muscles: a stretch pushed hard can irritate a nerve that is already sore',
      ),
    ],
  },
  {
    id: 'towel-thigh',
    name: 'Towel thigh stretch',
    area: 'backs of the thighs',
    steps: [
      'Lie on your back. Loop a towel around one foot and hold its ends.',
      'Raise that leg with the knee a little bent, until the back of the thigh feels a gentle pull.',
      'Keep the other knee bent and that foot down. Do not pull the leg higher to feel more.',
    ],
    sides: 2,
    basis: [
      cited('the backs of the thighs', 'article', 'stretching the hamstrings'),
      judged(
        'knee bent, never pulled higher',
        'raising a straight leg stretches the sciatic nerve itself, which is how a clinician provokes sciatica; a bent knee spares it',
      ),
    ],
  },
  {
    id: 'pelvic-tilt',
    name: 'Pelvic tilt',
    area: 'belly and lower back (strength)',
    steps: [
      'Lie on your back with both knees bent and feet flat.',
      'Tighten your belly and press the small of your back gently into the bed or floor.',
      'Keep breathing while you hold, then let go slowly.',
    ],
    sides: 1,
    basis: [
      cited('a gentle strengthening hold for the back', 'article', 'strengthening the back'),
      judged('a tilt, not a lift', 'the smallest strengthening movement there is: no weight on the spine'),
    ],
  },
];

/** One timed hold of the routine: a stretch, and which side if it has two. */
export interface Hold {
  readonly stretch: Stretch;
  readonly side: 'left' | 'right' | null;
}

export const HOLDS: readonly Hold[] = STRETCHES.flatMap((stretch): Hold[] =>
  stretch.sides === 2
    ? [
        { stretch, side: 'left' },
        { stretch, side: 'right' },
      ]
    : [{ stretch, side: null }],
);
