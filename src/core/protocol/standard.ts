import { decodeError, type DecodeError } from '../device-report.js';
import { bytes, type Bytes } from '../bytes.js';
import { err, ok, type Result } from '../result.js';

/** Battery Level (0x2A19): one unsigned byte, percent. */
export function decodeBatteryLevel(data: Uint8Array): Result<number, DecodeError> {
  if (data.length !== 1) return err(decodeError('battery level', `expected 1 byte, got ${data.length}`));
  const percent = data[0] ?? 0;
  if (percent > 100) return err(decodeError('battery level', `${percent} % is above 100 %`));
  return ok(percent);
}

/** Device Information strings (firmware revision 0x2A26, model 0x2A24, manufacturer 0x2A29). */
export function decodeUtf8String(data: Uint8Array, source: string): Result<string, DecodeError> {
  if (data.length > 64) return err(decodeError(source, `${data.length} bytes is longer than any sensible name`));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return err(decodeError(source, 'is not valid UTF-8'));
  }
  // Some firmware pads with NULs; control characters would only garble the page.
  text = text.replace(/\0+$/, '');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return err(decodeError(source, 'holds control characters'));
  return ok(text.trim());
}

export interface TemperatureMeasurement {
  /** Degrees Celsius; null for the IEEE 11073 "no reading" values (NaN, NRes, infinities). */
  readonly celsius: number | null;
}

const FLOAT_NAN = 0x007fffff;
const FLOAT_NRES = 0x00800000;
const FLOAT_PLUS_INFINITY = 0x007ffffe;
const FLOAT_MINUS_INFINITY = 0x00800002;
const FLOAT_RESERVED = 0x00800001;

/**
 * Temperature Measurement (0x2A1C, Health Thermometer service): flags, an IEEE 11073 32-bit FLOAT
 * (24-bit signed mantissa, 8-bit signed exponent), then an optional time stamp and type.
 * The mantissa is sign-extended: a common bug is to read it unsigned.
 */
export function decodeTemperatureMeasurement(data: Uint8Array): Result<TemperatureMeasurement, DecodeError> {
  const source = 'temperature measurement';
  if (data.length < 5) return err(decodeError(source, `expected at least 5 bytes, got ${data.length}`));
  const flags = data[0] ?? 0;
  const fahrenheit = (flags & 0x01) !== 0;
  const expected = 5 + ((flags & 0x02) !== 0 ? 7 : 0) + ((flags & 0x04) !== 0 ? 1 : 0);
  if (data.length < expected) {
    return err(decodeError(source, `flags 0x${flags.toString(16)} promise ${expected} bytes, got ${data.length}`));
  }
  const raw = (data[1] ?? 0) | ((data[2] ?? 0) << 8) | ((data[3] ?? 0) << 16);
  if ([FLOAT_NAN, FLOAT_NRES, FLOAT_PLUS_INFINITY, FLOAT_MINUS_INFINITY, FLOAT_RESERVED].includes(raw)) {
    return ok({ celsius: null });
  }
  const mantissa = raw & 0x800000 ? raw - 0x1000000 : raw;
  const exponentByte = data[4] ?? 0;
  const exponent = exponentByte & 0x80 ? exponentByte - 0x100 : exponentByte;
  const value = mantissa * 10 ** exponent;
  const celsius = fahrenheit ? ((value - 32) * 5) / 9 : value;
  if (!Number.isFinite(celsius) || celsius < -60 || celsius > 150) {
    return err(decodeError(source, `${value} is outside any contact sensor's range`));
  }
  return ok({ celsius: Math.round(celsius * 100) / 100 });
}

/** Used by the simulated firmware: Celsius, one decimal, no time stamp or type. */
export function encodeTemperatureMeasurement(celsius: number | null): Bytes {
  const raw = celsius === null ? FLOAT_NAN : Math.round(celsius * 10) & 0xffffff;
  return bytes(0x00, raw & 0xff, (raw >> 8) & 0xff, (raw >> 16) & 0xff, celsius === null ? 0 : 0xff);
}
