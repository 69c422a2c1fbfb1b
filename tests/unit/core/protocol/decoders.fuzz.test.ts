import { describe, expect, it } from 'vitest';
import type { DecodeError, DeviceReport } from '../../../../src/core/device-report.js';
import { BUILT_IN_PROFILES } from '../../../../src/core/profile/builtin.js';
import { createCodec } from '../../../../src/core/protocol/codec.js';
import type { DecodeOutcome, DeviceMessage } from '../../../../src/core/protocol/messages.js';
import { decodeOpenState, encodeStateFrame, OPEN_MASSAGER } from '../../../../src/core/protocol/open-massager.js';
import {
  decodeBatteryLevel,
  decodeTemperatureMeasurement,
  decodeUtf8String,
  encodeTemperatureMeasurement,
} from '../../../../src/core/protocol/standard.js';
import { createUartDecoder } from '../../../../src/core/protocol/uart-text.js';
import type { Result } from '../../../../src/core/result.js';
import { Fuzzer } from '../../support/fuzz.js';

/**
 * Every decoder gets at least FRAMES frames, half pure noise and half valid frames with a few
 * mutations (the frames that get deepest into a decoder). Nothing may throw; every result must be
 * a value that makes sense or a typed decode error with a message.
 */
const FRAMES = 100_000;

const STOP_CAUSES = [
  'none',
  'stop-command',
  'link-loss',
  'deadline',
  'over-temperature',
  'sensor-fault',
  'low-battery',
  'new-session',
  'unknown',
];
const REJECTIONS = [
  'out-of-range',
  'no-session',
  'bad-length',
  'unknown-command',
  'fault-active',
  'unsupported-version',
  'low-battery',
  'unknown',
];

interface Tally {
  values: number;
  errors: number;
}

/** Feeds `count` frames to `decode`; any throw fails with the seed and case that caused it. */
function fuzz<T>(
  seed: number,
  count: number,
  next: (fuzzer: Fuzzer, n: number) => Uint8Array,
  decode: (frame: Uint8Array) => Result<T, DecodeError>,
  checkValue: (value: T, frame: Uint8Array) => void,
): Tally {
  const fuzzer = new Fuzzer(seed);
  const tally: Tally = { values: 0, errors: 0 };
  for (let n = 0; n < count; n++) {
    const frame = next(fuzzer, n);
    let result: Result<T, DecodeError>;
    try {
      result = decode(frame);
    } catch (error: unknown) {
      throw new Error(`seed ${seed}, frame ${n} [${[...frame].join(', ')}] threw: ${String(error)}`);
    }
    if (result.ok) {
      tally.values++;
      checkValue(result.value, frame);
    } else {
      tally.errors++;
      checkError(result.error);
    }
  }
  return tally;
}

function checkError(error: DecodeError): void {
  // Checked as the values they are at run time, whatever the types promise.
  const kind: unknown = error.kind;
  if (kind !== 'decode-error' || typeof error.source !== 'string' || error.source === '' || error.message === '') {
    throw new Error(`not a typed decode error: ${JSON.stringify(error)}`);
  }
}

function isIntIn(value: unknown, low: number, high: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;
}

function checkReport(report: DeviceReport, heatLevels: number): void {
  const fine =
    isIntIn(report.vibration, 0, 255) &&
    isIntIn(report.kneading, 0, 255) &&
    ['clockwise', 'counterclockwise'].includes(report.direction) &&
    isIntIn(report.heat, 0, Math.max(255, heatLevels)) &&
    (report.heaterC === null || (Number.isFinite(report.heaterC) && report.heaterC >= -60 && report.heaterC <= 150)) &&
    (report.sessionArmed === null || typeof report.sessionArmed === 'boolean') &&
    (report.sessionSecondsLeft === null || isIntIn(report.sessionSecondsLeft, 0, 0xffff)) &&
    (report.heatSecondsLeft === null || isIntIn(report.heatSecondsLeft, 0, 0xffff)) &&
    typeof report.faults.overTemperature === 'boolean' &&
    typeof report.faults.sensorFault === 'boolean' &&
    typeof report.faults.lowBattery === 'boolean' &&
    STOP_CAUSES.includes(report.lastStop) &&
    (report.lastRejection === null || REJECTIONS.includes(report.lastRejection));
  if (!fine) throw new Error(`a decoded report holds a value no device could mean: ${JSON.stringify(report)}`);
}

function checkMessage(message: DeviceMessage, heatLevels: number): void {
  switch (message.kind) {
    case 'report':
      return checkReport(message.report, heatLevels);
    case 'accepted':
      return;
    case 'rejected':
      if (!REJECTIONS.includes(message.rejection)) throw new Error(`unknown rejection ${message.rejection}`);
      return;
    case 'stopped':
      if (!STOP_CAUSES.includes(message.cause)) throw new Error(`unknown stop cause ${message.cause}`);
      return;
    default:
      throw new Error(`not a message: ${JSON.stringify(message)}`);
  }
}

/** A state frame the firmware could send, with random but valid fields. */
function validStateFrame(f: Fuzzer): Uint8Array {
  return encodeStateFrame({
    flags: f.int(4),
    vibration: f.int(11),
    kneading: f.int(4),
    direction: f.int(2),
    heat: f.int(4),
    heaterDeciC: f.random() < 0.05 ? OPEN_MASSAGER.noTemperature : 200 + f.int(250),
    sessionSecondsLeft: f.int(1201),
    heatSecondsLeft: f.int(1201),
    faults: f.int(8),
    lastStop: f.int(8),
    lastResult: f.pick([0, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86]),
    sequence: f.int(256),
  });
}

function validTemperature(f: Fuzzer): Uint8Array {
  const base = encodeTemperatureMeasurement(f.random() < 0.05 ? null : Math.round((20 + f.random() * 25) * 10) / 10);
  const flags = f.pick([0x00, 0x01, 0x02, 0x04, 0x06, 0x07]);
  const extra = ((flags & 0x02) !== 0 ? 7 : 0) + ((flags & 0x04) !== 0 ? 1 : 0);
  const out = new Uint8Array(base.length + extra);
  out.set(base);
  out[0] = flags;
  for (let i = base.length; i < out.length; i++) out[i] = f.int(256);
  return out;
}

function validText(f: Fuzzer): Uint8Array {
  const text = f.pick(['1.0.0', '2.13.7-rc1', 'EB-OPEN-1', 'Easeback simulator', 'Ümlaut GmbH', '按摩器', '']);
  const encoded = new TextEncoder().encode(text);
  const padding = f.random() < 0.3 ? f.int(4) : 0;
  const out = new Uint8Array(encoded.length + padding);
  out.set(encoded);
  return out;
}

const UART_LINES = [
  'ST V3 H38 T36.5 F0',
  'ST V0 H0 T-- F2',
  'ST V10 H40 T40.9 F1',
  'OK',
  'ERR range',
  'ERR battery',
  'STOP hot',
  'STOP cmd',
];

function validUartChunk(f: Fuzzer): Uint8Array {
  const lines = Array.from({ length: 1 + f.int(3) }, () => `${f.pick(UART_LINES)}${f.pick(['\n', '\r\n'])}`).join('');
  const bytes = new TextEncoder().encode(lines);
  // Lines arrive split across notifications at any byte.
  const from = f.int(bytes.length);
  return bytes.subarray(from, from + 1 + f.int(bytes.length));
}

const noiseOr = (valid: (f: Fuzzer) => Uint8Array, maxLength: number) => (f: Fuzzer, n: number) =>
  n % 2 === 0 ? f.frame(maxLength) : f.mutate(valid(f), [valid(f), valid(f)]);

describe('decoders fed random and mutated frames', () => {
  it('the open massager state decoder never throws and never reports a value no firmware could mean', () => {
    const codes = { clockwise: 0, counterclockwise: 1 };
    const tally = fuzz(
      0x5eed0001,
      FRAMES,
      noiseOr(validStateFrame, 40),
      (frame) => decodeOpenState(frame, codes),
      (report) => checkReport(report, 3),
    );
    expect(tally.values + tally.errors).toBe(FRAMES);
    // Both paths were exercised: some mutated frames still decode, most noise does not.
    expect(tally.values).toBeGreaterThan(FRAMES / 20);
    expect(tally.errors).toBeGreaterThan(FRAMES / 4);
  });

  it('a decoded state frame reads its bytes where they are, even as a view into a larger buffer', () => {
    const fuzzer = new Fuzzer(0x5eed0002);
    const codes = { clockwise: 0, counterclockwise: 1 };
    for (let n = 0; n < 10_000; n++) {
      const frame = validStateFrame(fuzzer);
      const placed = fuzzer.placed(frame);
      const [inPlace, copied] = [decodeOpenState(placed, codes), decodeOpenState(frame.slice(), codes)];
      if (JSON.stringify(inPlace) !== JSON.stringify(copied)) expect(inPlace).toEqual(copied);
    }
  });

  it('battery level: only a whole percent from 0 to 100 is a value', () => {
    const valid = (f: Fuzzer) => Uint8Array.of(f.int(101));
    const tally = fuzz(0x5eed0003, FRAMES, noiseOr(valid, 4), decodeBatteryLevel, (percent, frame) => {
      if (!isIntIn(percent, 0, 100) || frame.length !== 1) throw new Error(`battery ${percent} from [${[...frame].join(', ')}]`);
    });
    expect(tally.values).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThan(0);
  });

  it('device information strings: text without control characters, or an error', () => {
    const tally = fuzz(
      0x5eed0004,
      FRAMES,
      noiseOr(validText, 80),
      (frame) => decodeUtf8String(frame, 'firmware revision'),
      (text) => {
        // eslint-disable-next-line no-control-regex
        if (typeof text !== 'string' || /[\u0000-\u001f\u007f]/.test(text) || text.length > 64)
          throw new Error(`bad text ${JSON.stringify(text)}`);
      },
    );
    expect(tally.values).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThan(0);
  });

  it('temperature measurement: a reading in a contact sensor’s range, “no reading”, or an error', () => {
    const tally = fuzz(0x5eed0005, FRAMES, noiseOr(validTemperature, 20), decodeTemperatureMeasurement, (reading) => {
      if (reading.celsius !== null && !(Number.isFinite(reading.celsius) && reading.celsius >= -60 && reading.celsius <= 150)) {
        throw new Error(`temperature ${reading.celsius}`);
      }
    });
    expect(tally.values).toBeGreaterThan(FRAMES / 20);
    expect(tally.errors).toBeGreaterThan(0);
  });

  it('the UART line decoder, fed a stream of random and mutated chunks, never throws and yields only messages or typed errors', () => {
    const heatCelsius = [36, 38, 40];
    const decoder = createUartDecoder(heatCelsius);
    const next = noiseOr(validUartChunk, 24);
    const fuzzer = new Fuzzer(0x5eed0006);
    const tally: Tally = { values: 0, errors: 0 };
    for (let n = 0; n < FRAMES; n++) {
      const chunk = next(fuzzer, n);
      let outcomes: DecodeOutcome[];
      try {
        outcomes = decoder.push(chunk);
      } catch (error: unknown) {
        throw new Error(`seed 0x5eed0006, chunk ${n} [${[...chunk].join(', ')}] threw: ${String(error)}`);
      }
      for (const outcome of outcomes) {
        if (outcome.ok) {
          tally.values++;
          checkMessage(outcome.value, heatCelsius.length);
        } else {
          tally.errors++;
          checkError(outcome.error);
        }
      }
    }
    expect(tally.values).toBeGreaterThan(1000);
    expect(tally.errors).toBeGreaterThan(1000);
  });

  it('each built-in profile’s codec decoder, fed random and mutated frames, never throws', () => {
    for (const profile of BUILT_IN_PROFILES) {
      const decoder = createCodec(profile).createStateDecoder();
      const next = noiseOr(validStateFrame, 40);
      const fuzzer = new Fuzzer(0x5eed0007);
      let outcomes = 0;
      for (let n = 0; n < FRAMES; n++) {
        const frame = next(fuzzer, n);
        for (const outcome of decoder.push(frame)) {
          outcomes++;
          if (outcome.ok) checkMessage(outcome.value, profile.capabilities.heat?.levels.length ?? 0);
          else checkError(outcome.error);
        }
      }
      expect(outcomes).toBeGreaterThan(0);
    }
  });
});
