import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../../../src/core/bytes.js';
import type { OutputCommand } from '../../../../src/core/commands.js';
import type { DeviceReport } from '../../../../src/core/device-report.js';
import { parseProfile } from '../../../../src/core/profile/parse.js';
import { BUILT_IN_PROFILES } from '../../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../../src/core/profile/types.js';
import { createCodec } from '../../../../src/core/protocol/codec.js';
import type { DecodeOutcome } from '../../../../src/core/protocol/messages.js';
import { decodeOpenState, encodeStateFrame, OPEN_MASSAGER, type OpenStateFrame } from '../../../../src/core/protocol/open-massager.js';
import openMassagerJson from '../../../../devices/open-massager/profile.json';
import { unvetted } from '../../support/commands.js';

const profile = BUILT_IN_PROFILES.find((p) => p.id === 'open-massager')!;
const codec = createCodec(profile);

function encodeHex(command: OutputCommand): { endpoint: string; key: string; hex: string }[] {
  const result = codec.encode(unvetted(command));
  if (!result.ok) throw new Error(`expected ${JSON.stringify(command)} to encode, got: ${result.error.message}`);
  return result.value.map((w) => ({ endpoint: w.endpoint, key: w.key, hex: toHex(w.bytes) }));
}

describe('open massager command encoding: exact bytes on the wire', () => {
  const table: { name: string; command: OutputCommand; endpoint: 'control' | 'limits'; hex: string }[] = [
    { name: 'stop is the single byte 00', command: { kind: 'stop' }, endpoint: 'control', hex: '00' },
    { name: 'vibration off', command: { kind: 'vibration', level: 0 }, endpoint: 'control', hex: '01 00' },
    { name: 'vibration 1', command: { kind: 'vibration', level: 1 }, endpoint: 'control', hex: '01 01' },
    { name: 'vibration 10 (top step)', command: { kind: 'vibration', level: 10 }, endpoint: 'control', hex: '01 0a' },
    {
      name: 'kneading off clockwise',
      command: { kind: 'kneading', speed: 0, direction: 'clockwise' },
      endpoint: 'control',
      hex: '02 00 00',
    },
    {
      name: 'kneading 2 clockwise',
      command: { kind: 'kneading', speed: 2, direction: 'clockwise' },
      endpoint: 'control',
      hex: '02 02 00',
    },
    {
      name: 'kneading 3 counterclockwise',
      command: { kind: 'kneading', speed: 3, direction: 'counterclockwise' },
      endpoint: 'control',
      hex: '02 03 01',
    },
    { name: 'heat off', command: { kind: 'heat', level: 0 }, endpoint: 'control', hex: '03 00' },
    { name: 'heat level 1 (36 °C)', command: { kind: 'heat', level: 1 }, endpoint: 'control', hex: '03 01' },
    { name: 'heat level 3 (40 °C)', command: { kind: 'heat', level: 3 }, endpoint: 'control', hex: '03 03' },
    {
      name: 'limits: 5, 2, 40 °C, 1200 s, 600 s (u16 little-endian)',
      command: { kind: 'limits', limits: { maxVibration: 5, maxKneading: 2, maxHeatC: 40, sessionSeconds: 1200, heatSeconds: 600 } },
      endpoint: 'limits',
      hex: '01 05 02 28 b0 04 58 02',
    },
    {
      name: 'limits with no heat and a one-second session',
      command: { kind: 'limits', limits: { maxVibration: 3, maxKneading: 0, maxHeatC: 0, sessionSeconds: 1, heatSeconds: 0 } },
      endpoint: 'limits',
      hex: '01 03 00 00 01 00 00 00',
    },
    {
      name: 'limits with both seconds fields above 255 (the high byte matters)',
      command: { kind: 'limits', limits: { maxVibration: 10, maxKneading: 3, maxHeatC: 38, sessionSeconds: 300, heatSeconds: 256 } },
      endpoint: 'limits',
      hex: '01 0a 03 26 2c 01 00 01',
    },
  ];

  it.each(table)('$name → $hex', ({ command, endpoint, hex }) => {
    expect(encodeHex(command)).toEqual([{ endpoint, key: command.kind, hex }]);
  });

  it('the built-in profile has no keepalive: a keepalive encodes to nothing rather than to a guess', () => {
    expect(encodeHex({ kind: 'keepalive' })).toEqual([]);
  });

  it('a device that cannot enforce limits gets no limits frame (the app keeps them itself)', () => {
    const json = structuredClone(openMassagerJson) as Record<string, unknown> & { commands: Record<string, unknown> };
    json.limitsEnforcedByDevice = false;
    delete json.commands.limits;
    const parsed = parseProfile(json);
    expect(parsed.ok).toBe(true);
    const plain = createCodec((parsed as { value: DeviceProfile }).value);
    const result = plain.encode(
      unvetted({ kind: 'limits', limits: { maxVibration: 5, maxKneading: 2, maxHeatC: 40, sessionSeconds: 600, heatSeconds: 600 } }),
    );
    expect(result).toEqual({ ok: true, value: [] });
  });
});

describe('values that do not fit a template are refused, never wrapped', () => {
  const refused: { name: string; command: OutputCommand }[] = [
    { name: 'vibration 256 would wrap to 00', command: { kind: 'vibration', level: 256 } },
    { name: 'vibration -1 would wrap to ff', command: { kind: 'vibration', level: -1 } },
    { name: 'vibration 2.5 is not a step', command: { kind: 'vibration', level: 2.5 } },
    { name: 'vibration NaN', command: { kind: 'vibration', level: Number.NaN } },
    { name: 'kneading 300', command: { kind: 'kneading', speed: 300, direction: 'clockwise' } },
    { name: 'heat level 4 is not one of the three heat levels', command: { kind: 'heat', level: 4 } },
    { name: 'heat level -1', command: { kind: 'heat', level: -1 } },
    {
      name: 'session seconds 65536 would wrap to 0',
      command: { kind: 'limits', limits: { maxVibration: 5, maxKneading: 2, maxHeatC: 40, sessionSeconds: 65536, heatSeconds: 0 } },
    },
    {
      name: 'max heat 300 °C would wrap to 44 °C',
      command: { kind: 'limits', limits: { maxVibration: 5, maxKneading: 2, maxHeatC: 300, sessionSeconds: 600, heatSeconds: 0 } },
    },
    {
      name: 'a negative heat time',
      command: { kind: 'limits', limits: { maxVibration: 5, maxKneading: 2, maxHeatC: 40, sessionSeconds: 600, heatSeconds: -5 } },
    },
  ];

  it.each(refused)('$name', ({ command }) => {
    const result = codec.encode(unvetted(command));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('encode-error');
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });

  it('any whole value in 0..255 encodes to exactly that byte and anything else is refused [2000 runs]', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: false })), (level) => {
        const result = codec.encode(unvetted({ kind: 'vibration', level }));
        if (Number.isInteger(level) && level >= 0 && level <= 255) {
          expect(result.ok && toHex(result.value[0]!.bytes)).toBe(toHex(fromHex(`01 ${level.toString(16).padStart(2, '0')}`)));
        } else {
          expect(result.ok).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function frame(overrides: Partial<OpenStateFrame> = {}): OpenStateFrame {
  return {
    flags: 0x01,
    vibration: 3,
    kneading: 2,
    direction: 1,
    heat: 2,
    heaterDeciC: 375,
    sessionSecondsLeft: 600,
    heatSecondsLeft: 300,
    faults: 0,
    lastStop: 0,
    lastResult: 0,
    sequence: 7,
    ...overrides,
  };
}

function decodeOne(hex: string): DecodeOutcome {
  const outcomes = codec.createStateDecoder().push(fromHex(hex));
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

function reportOf(hex: string): DeviceReport {
  const outcome = decodeOne(hex);
  if (!outcome.ok || outcome.value.kind !== 'report') throw new Error(`expected a report from ${hex}`);
  return outcome.value.report;
}

describe('state frame decoding', () => {
  it('the frame builder lays out the 16 bytes the protocol document gives', () => {
    expect(toHex(encodeStateFrame(frame()))).toBe('01 01 03 02 01 02 77 01 58 02 2c 01 00 00 00 07');
  });

  it('a running session reads back as the levels, temperature and times the device sent', () => {
    expect(reportOf('01 01 03 02 01 02 77 01 58 02 2c 01 00 00 00 07')).toEqual({
      vibration: 3,
      kneading: 2,
      direction: 'counterclockwise',
      heat: 2,
      heaterC: 37.5,
      sessionArmed: true,
      sessionSecondsLeft: 600,
      heatSecondsLeft: 300,
      faults: { overTemperature: false, sensorFault: false, lowBattery: false },
      lastStop: 'none',
      lastRejection: null,
      sequence: 7,
    } satisfies DeviceReport);
  });

  it('an idle device after a deadline stop reads as everything off and says why', () => {
    const report = reportOf('01 00 00 00 00 00 36 01 00 00 00 00 00 03 00 08');
    expect(report).toMatchObject({ vibration: 0, kneading: 0, heat: 0, heaterC: 31, sessionArmed: false, lastStop: 'deadline' });
  });

  it('fault bits, the last rejection and a negative temperature come through', () => {
    const report = reportOf(toHex(encodeStateFrame(frame({ faults: 0x07, lastStop: 4, lastResult: 0x81, heaterDeciC: -55 }))));
    expect(report.faults).toEqual({ overTemperature: true, sensorFault: true, lowBattery: true });
    expect(report.lastStop).toBe('over-temperature');
    expect(report.lastRejection).toBe('no-session');
    expect(report.heaterC).toBe(-5.5);
  });

  it('"no temperature" (0x8000) is no reading and counts as a sensor fault, never as -3276.8 °C', () => {
    const report = reportOf(toHex(encodeStateFrame(frame({ heaterDeciC: OPEN_MASSAGER.noTemperature }))));
    expect(report.heaterC).toBeNull();
    expect(report.faults.sensorFault).toBe(true);
  });

  it('unknown stop causes and rejection codes are "unknown", not mistaken for known ones', () => {
    const report = reportOf(toHex(encodeStateFrame(frame({ lastStop: 0x42, lastResult: 0x9f }))));
    expect(report.lastStop).toBe('unknown');
    expect(report.lastRejection).toBe('unknown');
  });

  it('a longer frame from a newer minor version is read by its first 16 bytes', () => {
    const report = reportOf('01 01 03 02 01 02 77 01 58 02 2c 01 00 00 00 07 aa bb cc');
    expect(report).toMatchObject({ vibration: 3, kneading: 2, heat: 2, heaterC: 37.5 });
  });

  const malformed: { name: string; hex: string; mentions: RegExp }[] = [
    { name: 'an empty notification', hex: '', mentions: /0 bytes/ },
    { name: 'a frame one byte short', hex: '01 01 03 02 01 02 77 01 58 02 2c 01 00 00 00', mentions: /15 bytes/ },
    { name: 'protocol version 2', hex: '02 01 03 02 01 02 77 01 58 02 2c 01 00 00 00 07', mentions: /version 2/ },
    { name: 'protocol version 0', hex: '00 00 00 00 00 00 36 01 00 00 00 00 00 00 00 00', mentions: /version 0/ },
    { name: 'direction code 2 is neither direction', hex: '01 01 03 02 02 02 77 01 58 02 2c 01 00 00 00 07', mentions: /direction/ },
    { name: '126.0 °C is beyond any sensor', hex: '01 01 03 02 01 02 ec 04 58 02 2c 01 00 00 00 07', mentions: /126/ },
    { name: '-40.1 °C is beyond any sensor', hex: '01 01 03 02 01 02 6f fe 58 02 2c 01 00 00 00 07', mentions: /-40\.1/ },
  ];

  it.each(malformed)('$name is a typed DecodeError, not device state', ({ hex, mentions }) => {
    const outcome = decodeOne(hex);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.kind).toBe('decode-error');
      expect(outcome.error.source).toBe('open-massager state');
      expect(outcome.error.message).toMatch(mentions);
    }
  });

  it('a notification that is a view into a larger buffer decodes from its own bytes only', () => {
    const backing = fromHex('ff ff 01 01 03 02 01 02 77 01 58 02 2c 01 00 00 00 07 ff');
    const view = backing.subarray(2, 18);
    const decoded = decodeOpenState(view, profile.directionCodes);
    expect(decoded.ok && decoded.value.heaterC).toBe(37.5);
  });

  it('no sequence of bytes makes the state decoder throw [2000 runs]', () => {
    const decoder = codec.createStateDecoder();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        const outcomes = decoder.push(data);
        for (const outcome of outcomes) {
          if (outcome.ok) expect(outcome.value.kind).toBe('report');
          else expect(outcome.error.kind).toBe('decode-error');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
