/**
 * The board's thermistor divider: a 10 kΩ B3950 NTC from A0 to ground under a 10 kΩ pull-up
 * to 5 V. The same B equation generated the firmware's table (firmware/tools/ntc-table.py).
 */
const B = 3950;
const R25 = 10_000;
const PULL_UP = 10_000;
export const SUPPLY_VOLTS = 5;

export function ntcOhms(celsius: number): number {
  return R25 * Math.exp(B * (1 / (celsius + 273.15) - 1 / 298.15));
}

/** The voltage at A0 for a pad at `celsius`. */
export function ntcVolts(celsius: number): number {
  const r = ntcOhms(celsius);
  return (SUPPLY_VOLTS * r) / (r + PULL_UP);
}

/**
 * The ADC counts the shared vectors mean by "temp <celsius>": rounded as the host test rounds
 * them (firmware/test/host_test.c, counts_for).
 */
export function vectorCounts(celsius: number): number {
  const r = ntcOhms(celsius);
  return Math.floor((1024 * r) / (r + PULL_UP) + 0.5);
}

/** A voltage the emulated ADC converts to exactly `counts` (it floors V / Vref × 1024). */
export function voltsForCounts(counts: number): number {
  return ((counts + 0.5) / 1024) * SUPPLY_VOLTS;
}
