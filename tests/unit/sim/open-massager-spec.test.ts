import { describe, expect, it } from 'vitest';
import { bytes, fromHex, type Bytes } from '../../../src/core/bytes.js';
import { SIG } from '../../../src/core/profile/uuid.js';
import { decodeOpenState, OPEN_MASSAGER, REJECTION_CODES } from '../../../src/core/protocol/open-massager.js';
import { OpenMassagerFirmware } from '../../../src/sim/open-massager-firmware.js';
import type { SimulatedMassager } from '../../../src/sim/firmware-base.js';

/**
 * The points devices/open-massager/PROTOCOL.md used to leave open, and now settles, checked on
 * the wire alone: these tests write frames and read what the firmware reports over GATT, never its
 * snapshot, so a firmware written independently from the spec can be put in `start` and held to
 * the same answers.
 */
const { control: CONTROL, limits: LIMITS, state: STATE } = OPEN_MASSAGER;
const DIRECTIONS = { clockwise: 0, counterclockwise: 1 };
const LIMITS_FRAME = '01 05 02 28 b0 04 58 02';
const NO_HEAT_LIMITS_FRAME = '01 05 02 00 b0 04 00 00';

function start(options: { batteryPercent?: number } = {}): { fw: SimulatedMassager; frames: Bytes[]; battery: Bytes[] } {
  const fw = new OpenMassagerFirmware({ now: 0, ...options });
  const frames: Bytes[] = [];
  const battery: Bytes[] = [];
  fw.onNotify((uuid, value) => (uuid === STATE ? frames : uuid === SIG.batteryLevel ? battery : []).push(value));
  fw.connect(0);
  fw.setNotifying(STATE, true);
  fw.setNotifying(SIG.batteryLevel, true);
  return { fw, frames, battery };
}

function state(fw: SimulatedMassager) {
  const read = fw.read(STATE, 0);
  if (!('value' in read)) throw new Error(`state read failed with ${read.code}`);
  const decoded = decodeOpenState(read.value, DIRECTIONS);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

describe('open massager: what PROTOCOL.md settles', () => {
  it('battery: whole percent rounded down, so 42.5 % reads 42 and 99.9 % reads 99 (§10)', () => {
    const { fw } = start({ batteryPercent: 42.5 });
    expect(fw.read(SIG.batteryLevel, 0)).toEqual({ code: 0, value: bytes(42) });
    const full = start({ batteryPercent: 99.9 });
    expect(full.fw.read(SIG.batteryLevel, 0)).toEqual({ code: 0, value: bytes(99) });
  });

  it('a STOP on an idle, disarmed device is recorded: lastStop STOP_COMMAND, result OK, a frame sent (§6)', () => {
    const { fw, frames } = start();
    expect(state(fw).lastStop).toBe('none');
    const before = frames.length;
    expect(fw.write(CONTROL, fromHex('00'), 0)).toBe(0);
    expect(frames.length).toBe(before + 1);
    expect(state(fw)).toMatchObject({ lastStop: 'stop-command', lastRejection: null, sessionArmed: false });
  });

  it('NEW_SESSION keys on outputs on: limits over an armed session with every output at 0 record no stop (§3)', () => {
    const { fw } = start();
    expect(fw.write(CONTROL, fromHex('00'), 0)).toBe(0);
    expect(fw.write(LIMITS, fromHex(LIMITS_FRAME), 0)).toBe(0);
    expect(fw.write(LIMITS, fromHex(LIMITS_FRAME), 0)).toBe(0);
    expect(state(fw)).toMatchObject({ sessionArmed: true, lastStop: 'stop-command' });
    // With an output on, the same write stops it first and says so.
    expect(fw.write(CONTROL, fromHex('01 02'), 0)).toBe(0);
    expect(fw.write(LIMITS, fromHex(LIMITS_FRAME), 0)).toBe(0);
    expect(state(fw)).toMatchObject({ sessionArmed: true, vibration: 0, lastStop: 'new-session' });
  });

  it('limits refusals come in the spec order: version before length before range before fault before battery (§5)', () => {
    const { fw } = start();
    // Wrong version and wrong length: the version decides.
    expect(fw.write(LIMITS, fromHex('02 05'), 0)).toBe(REJECTION_CODES['unsupported-version']);
    // Wrong length and out of range: the length decides.
    expect(fw.write(LIMITS, fromHex('01 ff ff ff'), 0)).toBe(REJECTION_CODES['bad-length']);
    // Out of range while a fault is latched: the range decides.
    const faulty = start();
    faulty.fw.inject({ kind: 'sensor-fault' });
    expect(faulty.fw.write(LIMITS, fromHex('01 ff 02 28 b0 04 58 02'), 0)).toBe(REJECTION_CODES['out-of-range']);
    // A latched fault with a flat battery: the fault decides.
    faulty.fw.inject({ kind: 'battery', percent: 3 });
    expect(faulty.fw.write(LIMITS, fromHex(LIMITS_FRAME), 0)).toBe(REJECTION_CODES['fault-active']);
    expect(state(faulty.fw).sessionArmed).toBe(false);
  });

  it('an empty frame gets BAD_LENGTH on Limits and on Control, and changes nothing (§4, §5)', () => {
    const { fw } = start();
    expect(fw.write(LIMITS, new Uint8Array(0), 0)).toBe(REJECTION_CODES['bad-length']);
    expect(fw.write(CONTROL, new Uint8Array(0), 0)).toBe(REJECTION_CODES['bad-length']);
    expect(state(fw)).toMatchObject({ sessionArmed: false, lastStop: 'none', lastRejection: 'bad-length' });
  });

  it('sequence numbers: the first frame after power-on carries 1, each next one more, and 255 is followed by 0 (§8)', () => {
    const { fw, frames } = start();
    for (let i = 0; i < 300; i++) fw.write(CONTROL, fromHex('00'), 0);
    const numbers = frames.map((f) => f[15]);
    expect(numbers.slice(0, 3)).toEqual([1, 2, 3]);
    expect(numbers.slice(253, 258)).toEqual([254, 255, 0, 1, 2]);
    // A read is not counted: it carries the number of the last frame sent.
    expect(state(fw).sequence).toBe(numbers.at(-1));
    expect(state(fw).sequence).toBe(numbers.at(-1));
  });

  it('a latched fault refuses a session with no heat as well (§5)', () => {
    const { fw } = start();
    fw.inject({ kind: 'heater-temperature', celsius: 41.5 });
    expect(fw.write(LIMITS, fromHex(NO_HEAT_LIMITS_FRAME), 0)).toBe(REJECTION_CODES['fault-active']);
    expect(state(fw)).toMatchObject({ sessionArmed: false, faults: { overTemperature: true } });
  });

  it('a fault on an idle, disarmed device shows in the frame but records no stop (§6)', () => {
    const { fw } = start();
    fw.inject({ kind: 'heater-temperature', celsius: 41.5 });
    fw.inject({ kind: 'battery', percent: 4 });
    expect(state(fw)).toMatchObject({ lastStop: 'none', faults: { overTemperature: true, lowBattery: true } });
  });
});
