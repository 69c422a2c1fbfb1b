import diyBoardNus from '../../../devices/diy-board-nus/profile.json';
import diyBoard from '../../../devices/diy-board/profile.json';
import openMassager from '../../../devices/open-massager/profile.json';
import uartMassager from '../../../devices/uart-massager/profile.json';
import { parseProfile } from './parse.js';
import { describeProfileError, type DeviceProfile } from './types.js';

/**
 * The profiles shipped in devices/. They are validated like any imported profile; a broken one
 * is a bug in this repository, so it fails loudly at start-up (and in the unit tests) instead of
 * being skipped.
 */
function load(id: string, json: unknown): DeviceProfile {
  const parsed = parseProfile(json, 'built-in');
  if (!parsed.ok) throw new Error(`devices/${id}/profile.json: ${describeProfileError(parsed.error)}`);
  return parsed.value;
}

export const BUILT_IN_PROFILES: readonly DeviceProfile[] = [
  load('open-massager', openMassager),
  load('uart-massager', uartMassager),
  load('diy-board', diyBoard),
  load('diy-board-nus', diyBoardNus),
];

export function builtInProfile(id: string): DeviceProfile | undefined {
  return BUILT_IN_PROFILES.find((profile) => profile.id === id);
}
