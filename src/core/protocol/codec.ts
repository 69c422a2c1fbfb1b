import type { Bytes } from '../bytes.js';
import type { OutputCommandKind, VettedCommand } from '../commands.js';
import { FAMILIES } from '../families/index.js';
import type { DeviceProfile } from '../profile/types.js';
import { err, ok, type Result } from '../result.js';
import type { StateDecoder } from './messages.js';
import { fillTemplate, type EncodeError } from './templates.js';

export interface EncodedWrite {
  readonly endpoint: 'control' | 'limits';
  readonly bytes: Bytes;
  /** Writes with the same key replace each other while queued: only the latest value matters. */
  readonly key: OutputCommandKind;
}

export interface DeviceCodec {
  /** Vetted commands only: see src/core/safety/vet.ts. */
  encode(command: VettedCommand): Result<readonly EncodedWrite[], EncodeError>;
  createStateDecoder(): StateDecoder;
  /** True when the device has latches of its own that a person can release (`release-latches` encodes). */
  readonly releasesLatches: boolean;
  /** Longest single write the device takes, or null for no limit but the link's. */
  readonly maxWriteBytes: number | null;
}

function missing(kind: string): Result<never, EncodeError> {
  return err({ kind: 'encode-error', message: `this device has no ${kind} command` });
}

export function createCodec(profile: DeviceProfile): DeviceCodec {
  const { commands, capabilities, directionCodes } = profile;
  const heatLevels = capabilities.heat?.levels ?? [];

  function one(key: OutputCommandKind, endpoint: EncodedWrite['endpoint'], result: Result<Bytes, EncodeError>) {
    return result.ok ? ok([{ endpoint, bytes: result.value, key }]) : result;
  }

  const family = FAMILIES[profile.family];
  return {
    releasesLatches: family.latchRelease !== undefined,
    maxWriteBytes: family.maxWriteBytes ?? null,
    encode(command) {
      switch (command.kind) {
        case 'stop':
          return one('stop', 'control', fillTemplate(commands.stop, {}));
        case 'vibration':
          if (!commands.vibration) return missing('vibration');
          return one('vibration', 'control', fillTemplate(commands.vibration, { level: command.level }));
        case 'kneading':
          if (!commands.kneading) return missing('kneading');
          return one(
            'kneading',
            'control',
            fillTemplate(commands.kneading, { speed: command.speed, direction: directionCodes[command.direction] }),
          );
        case 'heat': {
          if (!commands.heat) return missing('heat');
          const celsius = command.level === 0 ? 0 : heatLevels[command.level - 1]?.celsius;
          if (celsius === undefined)
            return err({ kind: 'encode-error', message: `heat level ${command.level} is not one of the device's` });
          return one('heat', 'control', fillTemplate(commands.heat, { level: command.level, celsius }));
        }
        case 'limits':
          // A device that cannot enforce limits gets none; the app keeps every limit itself.
          if (!profile.limitsEnforcedByDevice || !commands.limits) return ok([]);
          return one('limits', 'limits', fillTemplate(commands.limits, command.limits));
        case 'keepalive':
          if (!commands.keepalive) return ok([]);
          return one('keepalive', 'control', fillTemplate(commands.keepalive, {}));
        case 'ask-ranges':
          return family.greeting ? ok([{ endpoint: 'control', bytes: family.greeting, key: 'ask-ranges' }]) : missing('ranges');
        case 'release-latches':
          return family.latchRelease
            ? ok([{ endpoint: 'control', bytes: family.latchRelease, key: 'release-latches' }])
            : missing('latch release');
      }
    },
    createStateDecoder() {
      return family.createStateDecoder(profile);
    },
  };
}
