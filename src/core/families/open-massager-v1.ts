import { ok } from '../result.js';
import { decodeOpenState } from '../protocol/open-massager.js';
import type { DeviceFamilyModule } from './family.js';

/** Binary frames; the firmware takes session limits and enforces them itself (devices/open-massager/PROTOCOL.md). */
export const openMassagerV1: DeviceFamilyModule = {
  templateKind: 'bytes',
  createStateDecoder(profile) {
    return {
      push(data) {
        const decoded = decodeOpenState(data, profile.directionCodes);
        return [decoded.ok ? ok({ kind: 'report', report: decoded.value }) : decoded];
      },
    };
  },
};
