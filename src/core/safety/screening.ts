import type { PresetId } from './presets.js';
import type { SourceId } from './sources.js';

export type ScreeningQuestionId =
  'pacemaker' | 'pregnancy' | 'clot' | 'blood-thinners' | 'bones' | 'cancer' | 'recent-injury' | 'fever' | 'reduced-sensation';

/**
 * What a "yes" does:
 * - `clinician-first`: gentle vibration only (no heat, no kneading), and ask a clinician first;
 * - `no-heat`: everything but heat;
 * - `sensation`: only the reduced-sensation preset (no heat, no kneading);
 * - `blocked`: no massage until the answer changes (or, for a clot, a clinician has cleared it).
 */
export type ScreeningEffect = 'clinician-first' | 'no-heat' | 'sensation' | 'blocked';

export interface ScreeningQuestion {
  readonly id: ScreeningQuestionId;
  readonly question: string;
  readonly effect: ScreeningEffect;
  /** Plain words shown when the answer is yes. */
  readonly advice: string;
  readonly source: SourceId;
}

export const SCREENING_QUESTIONS: readonly ScreeningQuestion[] = [
  {
    id: 'pacemaker',
    question: 'Do you have a pacemaker or another implanted electronic device?',
    effect: 'clinician-first',
    advice: 'Motors and magnets near an implant need a clinician’s go-ahead. Until then: gentle vibration only, no heat, no kneading.',
    source: 'pacemaker-warning',
  },
  {
    id: 'pregnancy',
    question: 'Are you pregnant?',
    effect: 'clinician-first',
    advice: 'Check with your midwife or doctor first. Until then: gentle vibration only, no heat, no kneading.',
    source: 'clinician-first',
  },
  {
    id: 'clot',
    question: 'Have you had a blood clot (such as a DVT) in the last few months?',
    effect: 'blocked',
    advice: 'Massage could move a clot. Easeback stays off until a clinician has said massage is safe for you.',
    source: 'massage-contraindications',
  },
  {
    id: 'blood-thinners',
    question: 'Do you take blood thinners, or bruise or bleed easily?',
    effect: 'clinician-first',
    advice: 'Kneading can bruise. Gentle vibration only, no heat, and ask your clinician first.',
    source: 'massage-contraindications',
  },
  {
    id: 'bones',
    question: 'Do you have osteoporosis or a fracture from the last year?',
    effect: 'clinician-first',
    advice: 'Weak bones need a light touch. Gentle vibration only, no heat, no kneading, and ask your clinician first.',
    source: 'massage-contraindications',
  },
  {
    id: 'cancer',
    question: 'Do you have cancer, or are you being treated for it?',
    effect: 'clinician-first',
    advice: 'Ask your care team before using a massager. Until then: gentle vibration only, no heat, no kneading.',
    source: 'clinician-first',
  },
  {
    id: 'recent-injury',
    question: 'Did you hurt your back in the last three days (a fall, a strain, a knock)?',
    effect: 'no-heat',
    advice: 'Heat can make a fresh injury swell. No heat for the first 72 hours.',
    source: 'acute-injury-72h',
  },
  {
    id: 'fever',
    question: 'Do you have a fever, or feel hot and shivery?',
    effect: 'blocked',
    advice: 'Fever with back pain can mean an infection: contact a doctor today. Easeback stays off while you have a fever.',
    source: 'lothian-urgent-flags',
  },
  {
    id: 'reduced-sensation',
    question: 'Do you have diabetes, or numb skin where the massager sits?',
    effect: 'sensation',
    advice: 'Skin that cannot feel heat can burn without warning. Only the reduced-sensation preset: no heat, no kneading.',
    source: 'numb-skin-burns',
  },
];

export interface ScreeningAnswers {
  readonly answers: Readonly<Record<ScreeningQuestionId, boolean>>;
  /** The person says a clinician has cleared them after a clot. */
  readonly clotClearedByClinician: boolean;
  readonly answeredAt: number;
}

export interface Restrictions {
  /** No massage at all, and why. */
  readonly blocked: readonly ScreeningQuestionId[];
  readonly noHeat: boolean;
  readonly noKneading: boolean;
  /** Extra ceiling on vibration, as a fraction of the device's steps (1 = none). */
  readonly maxVibration: number;
  readonly allowedPresets: readonly PresetId[];
  /** Questions answered yes, for the advice shown beside the presets. */
  readonly reasons: readonly ScreeningQuestionId[];
  readonly askClinician: boolean;
}

const ALL_PRESETS: readonly PresetId[] = ['gentle', 'everyday', 'warmth', 'flare', 'reduced-sensation'];

export function restrictionsFor(screening: ScreeningAnswers): Restrictions {
  const yes = SCREENING_QUESTIONS.filter((q) => screening.answers[q.id]);
  const blocked = yes.filter((q) => q.effect === 'blocked' && !(q.id === 'clot' && screening.clotClearedByClinician)).map((q) => q.id);
  // A clot cleared by a clinician still gets the most careful settings.
  const clinicianFirst = yes.some((q) => q.effect === 'clinician-first' || (q.id === 'clot' && screening.clotClearedByClinician));
  const sensation = yes.some((q) => q.effect === 'sensation');
  const noHeat = clinicianFirst || sensation || yes.some((q) => q.effect === 'no-heat');
  let allowed = ALL_PRESETS;
  if (sensation) allowed = ['reduced-sensation'];
  else if (clinicianFirst) allowed = ['gentle', 'reduced-sensation'];
  return {
    blocked,
    noHeat,
    noKneading: clinicianFirst || sensation,
    maxVibration: clinicianFirst || sensation ? 0.3 : 1,
    allowedPresets: blocked.length > 0 ? [] : allowed,
    reasons: yes.map((q) => q.id),
    askClinician: clinicianFirst || blocked.length > 0,
  };
}

export function emptyScreening(at: number): ScreeningAnswers {
  const answers = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.id, false])) as Record<ScreeningQuestionId, boolean>;
  return { answers, clotClearedByClinician: false, answeredAt: at };
}
