import { describe, expect, it } from 'vitest';
import { RED_FLAG_QUESTIONS, triage, type Care, type RedFlagId, type TriageAnswers } from '../../../../src/core/safety/triage.js';

const ROWS: readonly {
  readonly hazard: string;
  readonly yes: readonly RedFlagId[];
  readonly care: Care;
  readonly because: readonly RedFlagId[];
}[] = [
  { hazard: 'no yes at all: self-care, and still a stop for today', yes: [], care: 'self-care', because: [] },
  {
    hazard: 'saddle numbness alone is an emergency (cauda equina)',
    yes: ['saddle-numbness'],
    care: 'emergency',
    because: ['saddle-numbness'],
  },
  { hazard: 'new bladder trouble alone is an emergency', yes: ['bladder'], care: 'emergency', because: ['bladder'] },
  { hazard: 'symptoms in both legs alone are an emergency', yes: ['both-legs'], care: 'emergency', because: ['both-legs'] },
  { hazard: 'a foot newly weak is urgent', yes: ['foot-drop'], care: 'urgent', because: ['foot-drop'] },
  { hazard: 'fever with back pain is urgent', yes: ['fever'], care: 'urgent', because: ['fever'] },
  { hazard: 'a history of cancer with new back pain is urgent', yes: ['cancer-history'], care: 'urgent', because: ['cancer-history'] },
  { hazard: 'weeks without getting better is routine', yes: ['weeks-no-better'], care: 'routine', because: ['weeks-no-better'] },
  {
    hazard: 'an emergency answer is never diluted by milder ones: the gravest level decides, and only its answers are named',
    yes: ['stops-activities', 'fever', 'bowel'],
    care: 'emergency',
    because: ['bowel'],
  },
  { hazard: 'urgent outranks routine', yes: ['getting-worse', 'cancer-history'], care: 'urgent', because: ['cancer-history'] },
  {
    hazard: 'every emergency answer given is named, in the order asked',
    yes: ['bowel', 'both-legs'],
    care: 'emergency',
    because: ['both-legs', 'bowel'],
  },
];

function answers(yes: readonly RedFlagId[], others: boolean | undefined = false): TriageAnswers {
  return Object.fromEntries(RED_FLAG_QUESTIONS.map((q) => [q.id, yes.includes(q.id) ? true : others]));
}

describe('triage, as a table: the gravest answer decides the care', () => {
  it.each(ROWS)('$hazard', ({ yes, care, because }) => {
    const advice = triage(answers(yes));
    expect(advice).toMatchObject({ care, because });
    expect(advice.steps.length).toBeGreaterThan(0);
  });

  it.each(ROWS)('unanswered questions count as no, never as yes: $hazard', ({ yes, care }) => {
    expect(triage(answers(yes, undefined)).care).toBe(care);
  });

  it('each question alone leads to its own level of care', () => {
    for (const question of RED_FLAG_QUESTIONS) expect(triage(answers([question.id])).care, question.id).toBe(question.care);
  });

  it('emergency and urgent advice say the massager is locked; emergency names an emergency number', () => {
    expect(triage(answers(['bladder'])).steps.join(' ')).toMatch(/locked for 24 hours/);
    expect(triage(answers(['bladder'])).steps.join(' ')).toMatch(/999|112|911/);
    expect(triage(answers(['fever'])).steps.join(' ')).toMatch(/paused for 12 hours/);
  });
});
