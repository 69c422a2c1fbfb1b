import type { OutputCommand, VettedCommand } from '../../../src/core/commands.js';

/**
 * Brands a command without vetting it, so a codec test can hand the codec values the safety core
 * would never let through (256, -1, 2.5) and see the codec refuse them on its own.
 * Only tests may do this: in the app, src/core/safety/vet.ts is the one place that brands.
 */
export function unvetted(command: OutputCommand): VettedCommand {
  return command as VettedCommand;
}
