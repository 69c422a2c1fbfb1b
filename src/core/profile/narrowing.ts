import { err, ok, type Result } from '../result.js';
import { parseProfile } from './parse.js';
import type { CommandTemplate, DeviceProfile, ProfileError, TemplatedCommand } from './types.js';

/**
 * Profiles a person imports. They are validated by the same parser as the built-in ones, then:
 * one that `extends` a built-in profile describes the same device with tighter ranges, and is
 * refused, with the field named, wherever it would let the app ask for more than the built-in does.
 */
export function parseImportedProfile(input: unknown, builtIns: readonly DeviceProfile[]): Result<DeviceProfile, ProfileError> {
  const parsed = parseProfile(input, 'imported');
  if (!parsed.ok) return parsed;
  const profile = parsed.value;
  if (builtIns.some((b) => b.id === profile.id)) {
    return refuse('id', `"${profile.id}" is a built-in profile's id: give yours its own, and name the built-in in "extends"`);
  }
  if (profile.extends === null) return parsed;
  const base = builtIns.find((b) => b.id === profile.extends);
  if (!base) return refuse('extends', `names no built-in profile (known: ${builtIns.map((b) => `"${b.id}"`).join(', ')})`);
  const problem = wideningIn(profile, base);
  return problem ? err(problem) : ok(profile);
}

function refuse(field: string, message: string): Result<never, ProfileError> {
  return err({ kind: 'profile-error', field, message });
}

function problem(field: string, message: string): ProfileError {
  return { kind: 'profile-error', field, message };
}

function sameTemplate(a: CommandTemplate | undefined, b: CommandTemplate | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The first way `child` asks for more than `base` allows, or null when it only narrows. */
export function wideningIn(child: DeviceProfile, base: DeviceProfile): ProfileError | null {
  const baseName = `the built-in "${base.id}"`;
  if (child.family !== base.family) return problem('family', `must be "${base.family}", as in ${baseName}`);
  for (const key of ['service', 'control', 'state', 'limits'] as const) {
    if (child.gatt[key] !== base.gatt[key]) return problem(`gatt.${key}`, `must be the same as in ${baseName}: it is the same device`);
  }
  if (child.limitsEnforcedByDevice !== base.limitsEnforcedByDevice) {
    return problem(
      'limitsEnforcedByDevice',
      `must be ${String(base.limitsEnforcedByDevice)}, as in ${baseName}: the firmware decides that`,
    );
  }
  const extra = child.standardServices.find((s) => !base.standardServices.includes(s));
  if (extra) return problem('standardServices', `"${extra}" is not in ${baseName}`);
  if (
    child.directionCodes.clockwise !== base.directionCodes.clockwise ||
    child.directionCodes.counterclockwise !== base.directionCodes.counterclockwise
  ) {
    return problem('directionCodes', `must be the same as in ${baseName}`);
  }

  const { vibration, kneading, heat } = child.capabilities;
  const had = base.capabilities;
  if (vibration) {
    if (!had.vibration) return problem('capabilities.vibration', `must be left out: ${baseName} has no vibration`);
    if (vibration.steps > had.vibration.steps) {
      return problem(
        'capabilities.vibration.steps',
        `must be at most ${had.vibration.steps}, as in ${baseName}: a profile may narrow, never widen`,
      );
    }
  }
  if (kneading) {
    if (!had.kneading) return problem('capabilities.kneading', `must be left out: ${baseName} has no kneading`);
    if (kneading.speeds > had.kneading.speeds) {
      return problem(
        'capabilities.kneading.speeds',
        `must be at most ${had.kneading.speeds}, as in ${baseName}: a profile may narrow, never widen`,
      );
    }
    if (kneading.reversible && !had.kneading.reversible)
      return problem('capabilities.kneading.reversible', `must be false, as in ${baseName}`);
  }
  if (heat) {
    if (!had.heat) return problem('capabilities.heat', `must be left out: ${baseName} has no heat`);
    if (heat.mode !== had.heat.mode) return problem('capabilities.heat.mode', `must be "${had.heat.mode}", as in ${baseName}`);
    if (heat.mode === 'levels') {
      // The level number goes on the wire: level n must mean the same temperature as on the built-in.
      const index = heat.levels.findIndex((level, i) => had.heat?.levels[i]?.celsius !== level.celsius);
      if (index >= 0) {
        const expected = had.heat.levels[index]?.celsius;
        return problem(
          `capabilities.heat.levels[${index}].celsius`,
          expected === undefined ? `is a level ${baseName} does not have` : `must be ${expected}, as in ${baseName}`,
        );
      }
    } else {
      const lowest = had.heat.levels[0]?.celsius ?? 0;
      const highest = had.heat.levels.at(-1)?.celsius ?? 0;
      const min = heat.levels[0]?.celsius ?? 0;
      const max = heat.levels.at(-1)?.celsius ?? 0;
      if (min < lowest) return problem('capabilities.heat.min', `must be at least ${lowest}, as in ${baseName}`);
      if (max > highest) {
        return problem('capabilities.heat.max', `must be at most ${highest}, as in ${baseName}: a profile may narrow, never widen`);
      }
    }
  }

  for (const command of Object.keys({ ...base.commands, ...child.commands }) as TemplatedCommand[]) {
    if (!sameTemplate(child.commands[command], base.commands[command])) {
      return problem(`commands.${command}`, `must be the same as in ${baseName}: a narrowing profile cannot change what goes on the wire`);
    }
  }
  if (child.timing.minWriteGapMs < base.timing.minWriteGapMs) {
    return problem(
      'timing.minWriteGapMs',
      `must be at least ${base.timing.minWriteGapMs}, as in ${baseName}: the device cannot take writes faster`,
    );
  }
  const keepalive = base.timing.keepaliveMs;
  if (keepalive !== null && (child.timing.keepaliveMs === null || child.timing.keepaliveMs > keepalive)) {
    return problem('timing.keepaliveMs', `must be at most ${keepalive}, as in ${baseName}: its watchdog stops the massager without them`);
  }
  return null;
}
