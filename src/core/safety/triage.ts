import type { SourceId } from './sources.js';

export type Care = 'emergency' | 'urgent' | 'routine' | 'self-care';

export type RedFlagId =
  | 'both-legs'
  | 'both-legs-weak'
  | 'saddle-numbness'
  | 'bladder'
  | 'bowel'
  | 'foot-drop'
  | 'fever'
  | 'cancer-history'
  | 'weeks-no-better'
  | 'getting-worse'
  | 'stops-activities';

export interface RedFlagQuestion {
  readonly id: RedFlagId;
  /** Asked directly: people rarely volunteer some of these (NICE CKS). */
  readonly question: string;
  readonly care: Exclude<Care, 'self-care'>;
  readonly source: SourceId;
}

/** Asked in this order: the emergency ones first. */
export const RED_FLAG_QUESTIONS: readonly RedFlagQuestion[] = [
  { id: 'both-legs', question: 'Is the pain, numbness or tingling now in both legs?', care: 'emergency', source: 'nhs-emergency-flags' },
  {
    id: 'both-legs-weak',
    question: 'Are both legs weak or numb, badly or more and more?',
    care: 'emergency',
    source: 'nhs-emergency-flags',
  },
  {
    id: 'saddle-numbness',
    question: 'Is there numbness around your genitals or anus, or where you would sit on a saddle?',
    care: 'emergency',
    source: 'cks-ask-directly',
  },
  {
    id: 'bladder',
    question: 'Do you have new trouble starting to pee, cannot pee, or cannot hold it?',
    care: 'emergency',
    source: 'nhs-emergency-flags',
  },
  {
    id: 'bowel',
    question: 'Have you lost control of your bowels, or not felt the need to go?',
    care: 'emergency',
    source: 'nhs-emergency-flags',
  },
  {
    id: 'foot-drop',
    question: 'Is one foot or leg newly weak, catching or slapping when you walk, or getting weaker?',
    care: 'urgent',
    source: 'lothian-urgent-flags',
  },
  {
    id: 'fever',
    question: 'Do you have a fever, or feel hot and shivery, along with the back pain?',
    care: 'urgent',
    source: 'lothian-urgent-flags',
  },
  { id: 'cancer-history', question: 'Have you had cancer, and is this back pain new?', care: 'urgent', source: 'cks-ask-directly' },
  { id: 'weeks-no-better', question: 'Has the pain lasted a few weeks without getting better?', care: 'routine', source: 'nhs-see-gp' },
  { id: 'getting-worse', question: 'Is it getting worse over days or weeks, even with home care?', care: 'routine', source: 'nhs-see-gp' },
  {
    id: 'stops-activities',
    question: 'Is it stopping you from working, sleeping or doing daily things?',
    care: 'routine',
    source: 'nhs-see-gp',
  },
];

export interface CareAdvice {
  readonly care: Care;
  readonly heading: string;
  readonly steps: readonly string[];
  /** The questions answered yes that led here. */
  readonly because: readonly RedFlagId[];
}

const ADVICE: Readonly<Record<Care, Omit<CareAdvice, 'because'>>> = {
  emergency: {
    care: 'emergency',
    heading: 'Get emergency care now',
    steps: [
      'Call your emergency number (999 in the UK, 112 in Europe, 911 in North America) or go to an emergency department now.',
      'Say you have back pain with the symptoms you just marked. These can be signs of pressure on the nerves at the base of the spine, which needs treatment within hours.',
      'Do not wait to see whether it passes, and do not use the massager. Easeback is locked for 24 hours.',
    ],
  },
  urgent: {
    care: 'urgent',
    heading: 'See a doctor today or within a few days',
    steps: [
      'Contact your doctor’s surgery today, or an urgent care service if you cannot get an appointment soon.',
      'Tell them what you marked. Weakness in a leg, fever or a history of cancer with new back pain need a clinician to look soon.',
      'If anything in the first five questions starts, get emergency care at once.',
      'Please do not use the massager until you have been seen. Easeback is paused for 12 hours.',
    ],
  },
  routine: {
    care: 'routine',
    heading: 'Book an appointment with a doctor or physical therapist',
    steps: [
      'Pain that lasts for weeks, gets worse, or stops you doing things deserves a proper assessment of its cause.',
      'A doctor or physical therapist can suggest exercises and treatments that a massager cannot replace.',
      'Keep using Easeback gently if it helps, and stop again if symptoms increase.',
    ],
  },
  'self-care': {
    care: 'self-care',
    heading: 'No warning signs in your answers',
    steps: [
      'Rest from the massager for now; the symptom you reported is a reason to stop for today.',
      'Gentle movement and the stretches in the guidance often help more than keeping still.',
      'If the same symptom comes back next time, try the Leg-symptom flare preset or see a doctor or physical therapist.',
      'Get emergency care at once if you develop numbness around your genitals or anus, or bladder or bowel problems.',
    ],
  },
};

export type TriageAnswers = Readonly<Partial<Record<RedFlagId, boolean>>>;

/** The most serious level any yes reaches decides the advice. */
export function triage(answers: TriageAnswers): CareAdvice {
  const yes = RED_FLAG_QUESTIONS.filter((q) => answers[q.id] === true);
  const order: Care[] = ['emergency', 'urgent', 'routine'];
  const care = order.find((level) => yes.some((q) => q.care === level)) ?? 'self-care';
  return { ...ADVICE[care], because: yes.filter((q) => q.care === care).map((q) => q.id) };
}
