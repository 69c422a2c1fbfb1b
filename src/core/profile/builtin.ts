import { BUILT_IN_SOURCES, loadBuiltIn } from './builtin-sources.js';
import type { DeviceProfile } from './types.js';

/** The profiles shipped in devices/, each validated as the module loads (builtin-sources.ts). */
export const BUILT_IN_PROFILES: readonly DeviceProfile[] = BUILT_IN_SOURCES.map(([id, json]) => loadBuiltIn(id, json));

export function builtInProfile(id: string): DeviceProfile | undefined {
  return BUILT_IN_PROFILES.find((profile) => profile.id === id);
}
