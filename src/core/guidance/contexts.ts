/**
 * The situations guidance follows. `guidanceFor` picks one from the session and the person's
 * latest action; each content file says which of these it belongs to.
 */
export const GUIDANCE_CONTEXTS = [
  'idle',
  'choosing-preset',
  'session-running',
  'raising-intensity',
  'heat-on',
  'kneading-on',
  'last-minute',
  'after-session',
  'symptom-stop',
  'care-advice',
] as const;

export type GuidanceContext = (typeof GUIDANCE_CONTEXTS)[number];

/** A short line saying why this guidance is showing now. */
export const CONTEXT_LABELS: Readonly<Record<GuidanceContext, string>> = {
  idle: 'Before you start',
  'choosing-preset': 'Choosing a preset',
  'session-running': 'During the session',
  'raising-intensity': 'You turned it up',
  'heat-on': 'Heat is on',
  'kneading-on': 'Kneading is on',
  'last-minute': 'The last minute',
  'after-session': 'After the session',
  'symptom-stop': 'Stopped for symptoms',
  'care-advice': 'Getting the right care',
};

export function isGuidanceContext(value: unknown): value is GuidanceContext {
  return typeof value === 'string' && (GUIDANCE_CONTEXTS as readonly string[]).includes(value);
}
