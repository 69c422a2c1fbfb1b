import diyBoardNus from '../../../devices/diy-board-nus/profile.json';
import diyBoard from '../../../devices/diy-board/profile.json';
import openMassager from '../../../devices/open-massager/profile.json';
import uartMassager from '../../../devices/uart-massager/profile.json';
import { parseProfile } from './parse.js';
import { describeProfileError, type DeviceProfile } from './types.js';

/**
 * The profiles shipped in devices/, as files, before they are checked: the app checks them one at
 * a time (each check is a few milliseconds of a slow phone's main thread; issue 13), builtin.ts
 * all at once.
 */
export const BUILT_IN_SOURCES: readonly (readonly [id: string, json: unknown])[] = [
  ['open-massager', openMassager],
  ['uart-massager', uartMassager],
  ['diy-board', diyBoard],
  ['diy-board-nus', diyBoardNus],
];

/**
 * Validates a shipped profile like any imported profile; a broken one is a bug in this
 * repository, so it fails loudly at start-up (and in the unit tests) instead of being skipped.
 */
export function loadBuiltIn(id: string, json: unknown): DeviceProfile {
  const parsed = parseProfile(json, 'built-in');
  if (!parsed.ok) throw new Error(`devices/${id}/profile.json: ${describeProfileError(parsed.error)}`);
  return parsed.value;
}
