/**
 * The facts of the source article (../shared/article), one line each in our own words. Every
 * one must be covered by some content file (its front matter lists the ids); the coverage test in
 * tests/unit/core/guidance/guidance-coverage.test.ts fails otherwise. The article's sentences are not reused.
 */
export const ARTICLE_FACTS = [
  { id: 'sciatica-symptoms', summary: 'Sciatica means pain, pins and needles or numbness that follows the sciatic nerve.' },
  { id: 'sciatic-nerve-path', summary: 'That nerve starts in the low back and runs through the buttock and down the leg.' },
  { id: 'sciatica-causes', summary: 'Usual causes: a bulging (herniated) disc, a narrowed spinal canal, or muscles out of balance.' },
  { id: 'vibration-loosens', summary: 'Vibration or percussion eases tight muscle and gets blood moving.' },
  { id: 'kneading-releases', summary: 'Kneading or rolling works like hands on the muscle and lets tension go.' },
  { id: 'heat-relaxes', summary: 'Warmth relaxes muscle and brings more blood to it.' },
  { id: 'temporary-relief', summary: 'Relief is short-lived, helps only some people, and helps sciatica only indirectly.' },
  { id: 'tension-aggravates', summary: 'Tight muscles of the low back, buttocks and back of the thighs can make sciatic pain worse.' },
  { id: 'circulation-inflammation', summary: 'More blood flow might calm inflammation in the tissue around the nerve.' },
  { id: 'relaxation-endorphins', summary: 'Stress makes pain worse; massage relaxes and releases endorphins, the body’s own painkillers.' },
  { id: 'not-a-cure', summary: 'A massager does not fix the cause, such as a disc or a pinched nerve: it supports care, it is no cure.' },
  { id: 'surrounding-muscles', summary: 'Use it on the muscles around the spine, not on the spine.' },
  { id: 'avoid-vertebrae-discs', summary: 'Never press on the bones of the spine or over an injured disc.' },
  { id: 'gentle-intensity', summary: 'Keep the intensity low: strong pressure can irritate the nerve further.' },
  {
    id: 'stretch-and-pt',
    summary: 'Stretching and strengthening the back, buttocks and thighs, and physical therapy, help in the long run.',
  },
  { id: 'careful-heat', summary: 'Warmth can add comfort, but sensitive areas must not get too hot.' },
  { id: 'stop-on-symptoms', summary: 'Stop if pain grows, or numbness or tingling in the legs appears.' },
  { id: 'see-pro-severe', summary: 'See a doctor or physical therapist when symptoms are severe or do not go away.' },
  { id: 'see-pro-neuro', summary: 'See one when there is numbness, weakness, or loss of bladder or bowel control.' },
  { id: 'see-pro-worsening', summary: 'See one when things get worse even with care at home.' },
  { id: 'pro-finds-cause', summary: 'A professional can find the cause and suggest treatment: physical therapy, medicine or more.' },
  { id: 'part-of-a-plan', summary: 'A massager works best inside a plan with stretching, exercise and medical advice.' },
  { id: 'daily-comfort', summary: 'It will not cure sciatica, but it can make days easier and help manage symptoms safely.' },
] as const;

export type FactId = (typeof ARTICLE_FACTS)[number]['id'];

export const FACT_IDS: readonly FactId[] = ARTICLE_FACTS.map((fact) => fact.id);
