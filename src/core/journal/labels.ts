import type { Care, RedFlagId } from '../safety/triage.js';
import type { CheckinAnswer, EndReason, SymptomKind } from '../session/types.js';

/** How a session ended, in a few words: for the history list, its chart and the CSV export. */
export const END_REASON_LABEL: Readonly<Record<EndReason, string>> = {
  completed: 'Completed',
  user: 'Stopped by you',
  symptom: 'Symptom stop',
  disconnected: 'Disconnected',
  'device-stopped': 'Massager stopped itself',
  fault: 'Safety fault',
  'write-failed': 'Command failed',
  'paused-too-long': 'Paused too long',
  'checkin-unanswered': 'Check-in unanswered',
  interrupted: 'Interrupted (page closed)',
  sound: 'Stopped by a loud sound',
  tap: 'Stopped by a tap on the screen',
  'device-button': 'Stopped with the massager’s button',
};

/** What the person reported, as a clinician would write it: for the CSV export and the report. */
export const SYMPTOM_LABEL: Readonly<Record<SymptomKind, string>> = {
  'more-pain': 'more pain',
  numbness: 'numbness or tingling',
  weakness: 'weakness',
  button: 'Symptoms button pressed',
};

export const CHECKIN_LABEL: Readonly<Record<CheckinAnswer, string>> = {
  same: 'same',
  better: 'better',
  'more-pain': 'more pain',
  numbness: 'numbness or tingling',
  weakness: 'weakness',
};

/** The advice the red-flag questions gave after a symptom stop (src/core/safety/triage.ts). */
export const CARE_LABEL: Readonly<Record<Care, string>> = {
  emergency: 'emergency care now advised (app locked 24 h)',
  urgent: 'see a doctor within days advised (app paused 12 h)',
  routine: 'routine appointment advised',
  'self-care': 'no red flags; self-care advice',
};

/** Each red-flag question answered yes, in a clinician's words (the questions are in triage.ts). */
export const RED_FLAG_LABEL: Readonly<Record<RedFlagId, string>> = {
  'both-legs': 'symptoms in both legs',
  'both-legs-weak': 'severe or worsening weakness or numbness in both legs',
  'saddle-numbness': 'saddle numbness',
  bladder: 'new bladder dysfunction',
  bowel: 'loss of bowel control or sensation',
  'foot-drop': 'new or worsening weakness in one foot or leg',
  fever: 'fever with back pain',
  'cancer-history': 'history of cancer, new back pain',
  'weeks-no-better': 'no better after a few weeks',
  'getting-worse': 'worsening over days or weeks',
  'stops-activities': 'stops work, sleep or daily activities',
};
