import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NORDIC_UART } from '../../../src/core/protocol/uart-text.js';
import type { FirmwareFault } from '../../../src/sim/open-massager-firmware.js';
import { UART_FIRMWARE, UartMassagerFirmware, type UartFirmwareSnapshot } from '../../../src/sim/uart-massager-firmware.js';

/**
 * Whatever text reaches it, however cut up, and whenever, the UART firmware keeps its rules:
 * nothing outside its ranges, nothing on after a silence longer than its watchdog, nothing turned
 * up except by a command that says so, and a stop always taken.
 */

const RUNS = 1000;

type Step =
  | { kind: 'write'; text: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'link-lost' }
  | { kind: 'connect' }
  | { kind: 'fault'; fault: FirmwareFault };

/** Mostly real commands with values around the edges, written whole, in pieces, or run together; some noise. */
const line = fc.oneof(
  fc.integer({ min: 0, max: 7 }).map((n) => `V${n}\n`),
  fc.integer({ min: 0, max: 45 }).map((c) => `H${c}\n`),
  fc.constantFrom('S\n', 'K\n', 'S', 'V', '\n', 'X1\n', 'V-1\n', 'H3 8\n'),
  fc.string({ maxLength: 8 }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(line, { minLength: 1, maxLength: 3 }).map((parts) => ({ kind: 'write' as const, text: parts.join('') })),
  },
  {
    weight: 5,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 4_000 }), fc.integer({ min: 4_000, max: 120_000 }))
      .map((ms) => ({ kind: 'wait' as const, ms })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'link-lost' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.integer({ min: 300, max: 450 }).map((d): FirmwareFault => ({ kind: 'heater-temperature', celsius: d / 10 })),
        fc.constant<FirmwareFault>({ kind: 'heater-runaway' }),
        fc.constant<FirmwareFault>({ kind: 'sensor-fault' }),
        fc.integer({ min: 0, max: 20 }).map((percent): FirmwareFault => ({ kind: 'battery', percent })),
      )
      .map((fault) => ({ kind: 'fault' as const, fault })),
  },
);

function outputsOn(s: UartFirmwareSnapshot): boolean {
  return s.vibration > 0 || s.heat > 0;
}

/** Which outputs a piece of text could raise, if every line in it were taken. */
function mayRaise(text: string): { vibration: boolean; heat: boolean } {
  return { vibration: /V[1-9]/.test(text), heat: /H[1-9]/.test(text) };
}

describe('the simulated UART massager, under any input', () => {
  it(`keeps its ranges, its watchdog and the hard cut, and never raises an output by itself [${RUNS} runs]`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const firmware = new UartMassagerFirmware({ now: 0 });
        firmware.connect(0);
        firmware.setNotifying(NORDIC_UART.tx, true);
        let now = 0;
        let pending = '';
        for (const s of steps) {
          const before = firmware.snapshot();
          now += 10;
          switch (s.kind) {
            case 'write':
              // Nothing reaches a board with no link.
              if (!before.connected) continue;
              firmware.write(NORDIC_UART.rx, new TextEncoder().encode(s.text), now);
              break;
            case 'wait':
              now += s.ms;
              firmware.tick(now);
              break;
            case 'link-lost':
              firmware.linkLost(now);
              break;
            case 'connect':
              firmware.connect(now);
              firmware.setNotifying(NORDIC_UART.tx, true);
              break;
            case 'fault':
              firmware.inject(s.fault);
              break;
          }
          const after = firmware.snapshot();
          // Ranges: vibration 0..5, heat off or 34..40 °C.
          expect(after.vibration).toBeLessThanOrEqual(UART_FIRMWARE.vibrationSteps);
          expect(after.heat === 0 || (after.heat >= UART_FIRMWARE.heatMinC && after.heat <= UART_FIRMWARE.heatMaxC)).toBe(true);
          // Nothing on while disconnected, with the over-temperature latched, no sensor, or a flat battery.
          if (!after.connected || after.overTemperature || after.sensorFault || after.lowBattery) expect(outputsOn(after)).toBe(false);
          // An output goes up only because a line just completed asks for it.
          const text = s.kind === 'write' ? pending + s.text : '';
          const raised = mayRaise(text);
          if (after.vibration > before.vibration) expect(raised.vibration).toBe(true);
          if (after.heat > before.heat) expect(raised.heat).toBe(true);
          // A wait longer than the watchdog, with no line in it, leaves everything off.
          if (s.kind === 'wait' && s.ms >= UART_FIRMWARE.watchdogMs) expect(outputsOn(after)).toBe(false);
          // A stop is always taken.
          if (s.kind === 'write' && /(^|\n)S\n/.test(pending + s.text) && !/(^|\n)S\n[\s\S]*[VH][1-9]/.test(pending + s.text)) {
            expect(outputsOn(after)).toBe(false);
          }
          pending = s.kind === 'write' ? (pending + s.text).slice((pending + s.text).lastIndexOf('\n') + 1) : pending;
          if (s.kind === 'link-lost') pending = '';
        }
      }),
      { numRuns: RUNS },
    );
  });
});
