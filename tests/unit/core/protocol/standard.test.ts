import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../../../src/core/bytes.js';
import {
  decodeBatteryLevel,
  decodeTemperatureMeasurement,
  decodeUtf8String,
  encodeTemperatureMeasurement,
} from '../../../../src/core/protocol/standard.js';

describe('battery level (0x2A19)', () => {
  it.each([
    ['00', 0],
    ['32', 50],
    ['64', 100],
  ])('%s reads as %i %%', (hex, percent) => {
    expect(decodeBatteryLevel(fromHex(hex))).toEqual({ ok: true, value: percent });
  });

  it.each([
    ['an empty value', ''],
    ['two bytes', '32 00'],
    ['101 %', '65'],
    ['255 %', 'ff'],
  ])('%s is a decode error, not a battery reading', (_name, hex) => {
    const result = decodeBatteryLevel(fromHex(hex));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'decode-error', source: 'battery level' });
  });
});

describe('device information strings (UTF-8)', () => {
  it.each([
    ['a plain firmware revision', '31 2e 30 2e 30', '1.0.0'],
    ['NUL padding from a fixed-size buffer is removed', '31 2e 32 00 00 00', '1.2'],
    ['surrounding spaces are trimmed', '20 45 42 2d 31 20', 'EB-1'],
    ['multi-byte UTF-8 is kept', '4d 61 c3 9f 61 67 65', 'Maßage'],
    ['an empty value is an empty name', '', ''],
  ])('%s', (_name, hex, text) => {
    expect(decodeUtf8String(fromHex(hex), 'firmware revision')).toEqual({ ok: true, value: text });
  });

  it.each([
    ['invalid UTF-8 (a lone continuation byte)', '31 80 32', /UTF-8/],
    ['invalid UTF-8 (ff fe)', 'ff fe', /UTF-8/],
    ['a truncated multi-byte character', '4d 61 c3', /UTF-8/],
    ['a newline inside the name', '31 0a 32', /control/],
    ['an escape character that could garble the page', '1b 5b 32 4a', /control/],
    ['a NUL in the middle, not padding', '31 00 32', /control/],
    ['DEL', '31 7f', /control/],
    ['65 bytes, longer than any sensible name', '41 '.repeat(65), /longer/],
  ])('%s is a decode error naming its source', (_name, hex, mentions) => {
    const result = decodeUtf8String(fromHex(hex), 'firmware revision');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.source).toBe('firmware revision');
      expect(result.error.message).toMatch(mentions);
    }
  });

  it('no byte sequence makes the string decoder throw or return a control character [1000 runs]', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (data) => {
        const result = decodeUtf8String(data, 'model number');
        // eslint-disable-next-line no-control-regex
        if (result.ok) expect(result.value).not.toMatch(/[\u0000-\u001f\u007f]/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('temperature measurement (0x2A1C, IEEE 11073 FLOAT)', () => {
  it.each([
    ['37.5 °C: mantissa 375, exponent -1', '00 77 01 00 ff', 37.5],
    ['41 °C with exponent 0', '00 29 00 00 00', 41],
    ['36.25 °C: mantissa 3625, exponent -2', '00 29 0e 00 fe', 36.25],
    ['-5.0 °C: the 24-bit mantissa is signed (0xffffce is -50)', '00 ce ff ff ff', -5],
    ['-0.1 °C: mantissa 0xffffff is -1', '00 ff ff ff ff', -0.1],
    ['98.6 °F becomes 37 °C', '01 da 03 00 ff', 37],
    ['104 °F becomes 40 °C', '01 68 00 00 00', 40],
    ['a time stamp promised by the flags and present', '02 77 01 00 ff e8 07 01 02 03 04 05', 37.5],
    ['a temperature type promised by the flags and present', '04 77 01 00 ff 03', 37.5],
    ['time stamp and type both present', '06 77 01 00 ff e8 07 01 02 03 04 05 03', 37.5],
  ])('%s', (_name, hex, celsius) => {
    expect(decodeTemperatureMeasurement(fromHex(hex))).toEqual({ ok: true, value: { celsius } });
  });

  it.each([
    ['NaN', '00 ff ff 7f 00'],
    ['NRes (not at this resolution)', '00 00 00 80 00'],
    ['+INFINITY', '00 fe ff 7f 00'],
    ['-INFINITY', '00 02 00 80 00'],
    ['the reserved value', '00 01 00 80 00'],
    ['NaN in Fahrenheit', '01 ff ff 7f 00'],
  ])('%s is "no reading", never a number', (_name, hex) => {
    expect(decodeTemperatureMeasurement(fromHex(hex))).toEqual({ ok: true, value: { celsius: null } });
  });

  it.each([
    ['fewer than 5 bytes', '00 77 01 00', /at least 5/],
    ['a time stamp promised by the flags but missing', '02 77 01 00 ff', /promise 12/],
    ['a time stamp cut short', '02 77 01 00 ff e8 07 01', /promise 12/],
    ['a temperature type promised but missing', '04 77 01 00 ff', /promise 6/],
    ['both promised, only the time stamp sent', '06 77 01 00 ff e8 07 01 02 03 04 05', /promise 13/],
    ['200 °C is beyond any contact sensor', '00 d0 07 00 ff', /outside/],
    ['a huge exponent', '00 01 00 00 7f', /outside/],
  ])('%s is a decode error', (_name, hex, mentions) => {
    const result = decodeTemperatureMeasurement(fromHex(hex));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(mentions);
  });

  it('what the simulated firmware sends reads back as the same temperature, and no reading as null', () => {
    for (const celsius of [31, 36.4, 40.9, 41, -3.2]) {
      expect(decodeTemperatureMeasurement(encodeTemperatureMeasurement(celsius))).toEqual({ ok: true, value: { celsius } });
    }
    expect(decodeTemperatureMeasurement(encodeTemperatureMeasurement(null))).toEqual({ ok: true, value: { celsius: null } });
  });

  it('no byte sequence makes the temperature decoder throw or invent an impossible reading [1000 runs]', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (data) => {
        const result = decodeTemperatureMeasurement(data);
        if (result.ok && result.value.celsius !== null) {
          expect(Number.isFinite(result.value.celsius)).toBe(true);
          expect(result.value.celsius).toBeGreaterThanOrEqual(-60);
          expect(result.value.celsius).toBeLessThanOrEqual(150);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
