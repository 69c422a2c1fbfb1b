import type { UtcOffset } from '../core/journal/export.js';

/** This browser's time zone, as minutes east of UTC at each moment (summer time included). */
export const browserOffset: UtcOffset = (at) => -new Date(at).getTimezoneOffset();

const DAY = 24 * 60 * 60_000;

/** A local day number (see core/journal/summary.ts localDay) back to a time in that day. */
export function dayStart(day: number): number {
  const guess = day * DAY;
  return guess - browserOffset(guess) * 60_000;
}

export function shortDate(at: number): string {
  return new Date(at).toLocaleDateString([], { day: 'numeric', month: 'short' });
}

export function dateAndTime(at: number): string {
  return new Date(at).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
