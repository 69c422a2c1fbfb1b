import type { EndReason } from '../session/types.js';
import { judged } from '../safety/sources.js';

/**
 * When the stretch routine (stretches.ts) is offered. Kept apart from the routine so the session
 * screen can ask without loading it.
 */
export const STRETCHES_OFFERED_AFTER = judged<readonly EndReason[]>(
  ['completed', 'user'],
  'symptoms that stopped the massager are a reason to rest, and the red-flag answers decide what comes next; stretching through them could hide a change',
);

export function stretchesOffered(reason: EndReason): boolean {
  return STRETCHES_OFFERED_AFTER.value.includes(reason);
}
