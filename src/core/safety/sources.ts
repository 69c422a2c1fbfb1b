/**
 * Where each limit comes from. Every number in caps.ts and presets.ts names one of these, or says
 * it is a judgment and why. The texts summarise ../shared/research/safety-facts.md, which quotes
 * the sources themselves.
 */
export const SOURCES = {
  'iec-60601-applied-part': 'IEC 60601-1 applied-part limit of 41 °C in normal and single-fault condition (IECEE DSH-422)',
  'nadler-heat-wrap': 'Nadler 2002 heat-wrap trial: 40 °C held for hours with mild, infrequent adverse events (Cochrane CD004750)',
  'manufacturer-below-40': 'Massager maker advice to keep heat below 40 °C to prevent low-temperature burns (yaolinlife)',
  'superficial-heat-15-20': 'Superficial heat is usually applied for 15 to 20 minutes (Trauma Survivors Network; FPnotebook)',
  'cushion-timer-15': 'Massage cushions switch off after about 15 minutes; one maker says at most 15 minutes a use (KLCosy FAQ)',
  'three-a-day': 'One maker says no more than three times a day (KLCosy FAQ)',
  'skin-check-5-min': 'Check the skin every 5 minutes while heat is on (Cedar Health physiotherapy)',
  'no-sleep-use': 'Heating pad and clinic warnings: do not use while asleep or at bedtime (Battle Creek; Cedar Health)',
  'stop-on-signal-loss': 'Cableless controls stop automatically when the signal is lost, and stay stopped (IEC 62745)',
  'stop-no-restart': 'An emergency stop overrides everything, and resetting it must not restart the machine (ISO 13850)',
  'kngf-no-massage-lrs': 'Dutch physiotherapy guideline: no massage on its own, nor for radicular pain (KNGF 2021, C.4.2)',
  'massage-contraindications':
    'No massage with a clot, bleeding disorder, weak bones or fever, nor over damaged nerves (NCCIH-style lists)',
  'clinician-first': 'Ask a clinician before massage if pregnant, with cancer, fragile diabetic skin or heart problems (NCCIH-style lists)',
  'pacemaker-warning': 'Massager manuals warn people with a pacemaker (OS-Ai Vivo manual)',
  'numb-skin-burns': 'NHS: no hot water bottles if skin is numb; heating pads caused burns in people with diabetes (J Fam Pract 1987)',
  'acute-injury-72h': 'Heat is contraindicated in an acute injury under 72 hours old (FPnotebook)',
  'nhs-emergency-flags':
    'NHS: go to A&E or call 999 for sciatica in both legs, numbness around the genitals or anus, bladder or bowel loss',
  'cks-ask-directly': 'NICE CKS: people may not mention numbness around the genitals or anus unless asked; cauda equina needs admission',
  'lothian-urgent-flags': 'NHS Lothian: new foot drop needs an early opinion; fever with back pain suggests infection',
  'nhs-see-gp': 'NHS: see a GP if pain has not improved after a few weeks, is getting worse, or stops normal activities',
  'start-lowest': 'Massager and TENS makers advise starting at the lowest setting and increasing gradually',
  'nice-exercise-package': 'NICE NG59 1.2.7: consider massage only as part of a treatment package that includes exercise',
  article: 'The Easeback source article: gentle intensity, careful heat, stop on more pain, numbness or tingling',
} as const;

export type SourceId = keyof typeof SOURCES;

/** A number with its basis: a named source, or a judgment with the reason for it. */
export type Sourced<T> =
  { readonly value: T; readonly source: SourceId; readonly note?: string } | { readonly value: T; readonly judgment: string };

export function cited<T>(value: T, source: SourceId, note?: string): Sourced<T> {
  return note === undefined ? { value, source } : { value, source, note };
}

export function judged<T>(value: T, judgment: string): Sourced<T> {
  return { value, judgment };
}

export function basisOf(sourced: Sourced<unknown>): string {
  return 'source' in sourced ? SOURCES[sourced.source] : `Judgment: ${sourced.judgment}`;
}
