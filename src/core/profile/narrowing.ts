import { err, ok, type Result } from '../result.js';
import { parseProfile } from './parse.js';
import type { Capabilities, CommandTemplate, DeviceProfile, HeatLevel, ProfileError, TemplatedCommand } from './types.js';

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
  let named: DeviceProfile | null = null;
  if (profile.extends !== null) {
    named = builtIns.find((b) => b.id === profile.extends) ?? null;
    if (!named) return refuse('extends', `names no built-in profile (known: ${builtIns.map((b) => `"${b.id}"`).join(', ')})`);
  }
  // A profile that would be picked for a built-in device (its service or a name prefix) describes
  // that device, whatever it says in "extends": it is held to every such built-in as a narrowing.
  // Without this, a copy with a new id and no "extends" could claim more steps than the device has.
  const matching = builtIns.filter((b) => b !== named && matchesBuiltIn(profile, b));
  // Built-ins of two families on one service (the UART massager and the DIY board's Nordic UART
  // module): a profile of one of those families describes that family's device, not the other's.
  const families = new Set([...(named ? [named] : []), ...matching].map((b) => b.family));
  const sameFamily = matching.filter((b) => b.family === profile.family);
  const others = families.size > 1 && (sameFamily.length > 0 || named?.family === profile.family) ? sameFamily : matching;
  const bases = [...(named ? [named] : []), ...others];
  for (const base of bases) {
    const problem = wideningIn(profile, base);
    if (problem) {
      if (base === named) return err(problem);
      return err({
        ...problem,
        message: `${problem.message} (this profile matches the built-in "${base.id}" ${matchReason(profile, base)})`,
      });
    }
  }
  const base = bases[0];
  return ok(base && profile.extends === null ? { ...profile, extends: base.id } : profile);
}

/** Two name prefixes overlap when one device name could start with both. */
function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * Whether a device the built-in profile `base` is picked for could get `profile` instead (see
 * pickProfile in the app layer): same GATT service, a matching service, or an overlapping name
 * prefix. Case is ignored: UUIDs are normalised already, and names are compared loosely on purpose.
 */
export function matchesBuiltIn(profile: DeviceProfile, base: DeviceProfile): boolean {
  return matchReason(profile, base) !== null;
}

function matchReason(profile: DeviceProfile, base: DeviceProfile): string | null {
  const baseServices = new Set([base.gatt.service, ...base.match.services]);
  if ([profile.gatt.service, ...profile.match.services].some((s) => baseServices.has(s))) return 'by its service';
  const lower = (list: readonly string[]) => list.map((p) => p.toLowerCase());
  const prefix = lower(profile.match.namePrefixes).find((p) => lower(base.match.namePrefixes).some((q) => prefixesOverlap(p, q)));
  return prefix === undefined ? null : `by its name prefix "${prefix}"`;
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

/**
 * The ranges a session may use on a device: the smaller of what its profile says and what the
 * device reports of itself (a board that announces its own steps, say). `reported` is null for a
 * device that reports nothing; then the profile alone decides. Heat keeps only the profile's
 * steps that the device also has, counted from the first, each at the hotter of the two figures.
 */
export function effectiveCapabilities(profile: Capabilities, reported: Capabilities | null): Capabilities {
  if (!reported) return profile;
  const vibration = profile.vibration && reported.vibration ? { steps: Math.min(profile.vibration.steps, reported.vibration.steps) } : null;
  const kneading =
    profile.kneading && reported.kneading
      ? {
          speeds: Math.min(profile.kneading.speeds, reported.kneading.speeds),
          reversible: profile.kneading.reversible && reported.kneading.reversible,
        }
      : null;
  let heat: Capabilities['heat'] = null;
  if (profile.heat && reported.heat && profile.heat.mode === reported.heat.mode) {
    const theirs = reported.heat.levels;
    const hottest = theirs.at(-1)?.celsius ?? -Infinity;
    const levels: HeatLevel[] = [];
    for (const [index, level] of profile.heat.levels.entries()) {
      const same = profile.heat.mode === 'levels' ? theirs[index] : level;
      if (!same || level.celsius > hottest) break;
      // A step the device says is hotter than its profile does is taken at the hotter figure.
      levels.push({ level: level.level, celsius: Math.max(level.celsius, same.celsius) });
    }
    heat = levels.length > 0 ? { mode: profile.heat.mode, levels } : null;
  }
  return { vibration, kneading, heat };
}
