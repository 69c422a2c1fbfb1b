import { describe, expect, it } from 'vitest';
import { bytes, fromHex, toHex, type Bytes } from '../../../src/core/bytes.js';
import { SIG } from '../../../src/core/profile/uuid.js';
import { decodeOpenState, OPEN_MASSAGER, REJECTION_CODES } from '../../../src/core/protocol/open-massager.js';
import { decodeTemperatureMeasurement, decodeUtf8String } from '../../../src/core/protocol/standard.js';
import { FIRMWARE, OpenMassagerFirmware, type FirmwareSnapshot } from '../../../src/sim/open-massager-firmware.js';
import { ATT } from '../../../src/sim/peripheral.js';

const { control: CONTROL, limits: LIMITS, state: STATE } = OPEN_MASSAGER;
const MINUTE = 60_000;
const DIRECTIONS = { clockwise: 0, counterclockwise: 1 };

interface LimitsFrame {
  maxVibration?: number;
  maxKneading?: number;
  maxHeatC?: number;
  sessionSeconds?: number;
  heatSeconds?: number;
}

/** The limits frame of PROTOCOL.md: 01 maxV maxK maxC sLo sHi hLo hHi. */
function limitsFrame({
  maxVibration = 5,
  maxKneading = 2,
  maxHeatC = 40,
  sessionSeconds = 1200,
  heatSeconds = 600,
}: LimitsFrame = {}): Bytes {
  return bytes(1, maxVibration, maxKneading, maxHeatC, sessionSeconds & 0xff, sessionSeconds >> 8, heatSeconds & 0xff, heatSeconds >> 8);
}

/** A connected firmware and its clock. */
class Bench {
  readonly fw = new OpenMassagerFirmware({ now: 0 });
  now = 0;
  readonly notified: { characteristic: string; value: Bytes; at: number }[] = [];

  constructor() {
    this.fw.connect(0);
    this.fw.onNotify((characteristic, value) => this.notified.push({ characteristic, value, at: this.now }));
  }

  control(hex: string): number {
    return this.fw.write(CONTROL, fromHex(hex), this.now);
  }

  limits(frame: LimitsFrame | Bytes = {}): number {
    return this.fw.write(LIMITS, frame instanceof Uint8Array ? frame : limitsFrame(frame), this.now);
  }

  /** Arms a session and turns every output on: vibration 3, kneading 2 counterclockwise, heat 3 (40 °C). */
  running(frame: LimitsFrame = {}): void {
    expect(this.limits(frame)).toBe(0);
    expect(this.control('01 03')).toBe(0);
    expect(this.control('02 02 01')).toBe(0);
    expect(this.control('03 03')).toBe(0);
  }

  advance(ms: number): void {
    this.now += ms;
    this.fw.tick(this.now);
  }

  /** Advances in small steps, as a host's timer would. */
  run(ms: number, everyMs = 100): void {
    for (let t = 0; t < ms; t += everyMs) this.advance(Math.min(everyMs, ms - t));
  }

  get snap(): FirmwareSnapshot {
    return this.fw.snapshot();
  }

  /** What a host reading the state characteristic would see. */
  readState() {
    const read = this.fw.read(STATE, this.now);
    if (!('value' in read)) throw new Error(`state read failed with ${read.code}`);
    const decoded = decodeOpenState(read.value, DIRECTIONS);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  }

  stateFrames(): Bytes[] {
    return this.notified.filter((n) => n.characteristic === STATE).map((n) => n.value);
  }
}

function outputs(snap: FirmwareSnapshot) {
  return { vibration: snap.vibration, kneading: snap.kneading, heat: snap.heat };
}

const ALL_OFF = { vibration: 0, kneading: 0, heat: 0 };

describe('simulated open massager firmware', () => {
  it('takes a session and runs each output at the level it was told', () => {
    const b = new Bench();
    b.running();
    expect(b.snap).toMatchObject({ armed: true, vibration: 3, kneading: 2, direction: 1, heat: 3 });
    expect(b.readState()).toMatchObject({ vibration: 3, kneading: 2, direction: 'counterclockwise', heat: 3, sessionArmed: true });
    expect(b.readState().sessionSecondsLeft).toBe(1200);
    expect(b.readState().heatSecondsLeft).toBe(600);
  });

  describe('link loss', () => {
    it('stops every output when the link drops', () => {
      const b = new Bench();
      b.running();
      b.now += 1000;
      b.fw.linkLost(b.now);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap).toMatchObject({ armed: false, heaterEnergized: false, lastStop: 'link-loss', connected: false });
    });

    it('after a reconnect nothing comes back on by itself, and a level is refused until new limits', () => {
      const b = new Bench();
      b.running();
      b.fw.linkLost(b.now);
      b.advance(5000);
      b.fw.connect(b.now);
      b.run(60_000);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.control('01 03')).toBe(REJECTION_CODES['no-session']);
      expect(b.snap.vibration).toBe(0);
    });
  });

  describe('session deadline', () => {
    it('stops every output exactly at the deadline, not a moment before', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 60, heatSeconds: 60 });
      b.run(59_900);
      expect(outputs(b.snap)).toEqual({ vibration: 3, kneading: 2, heat: 3 });
      b.advance(99);
      expect(b.snap.armed).toBe(true);
      b.advance(1);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap).toMatchObject({ armed: false, lastStop: 'deadline', now: 60_000 });
    });

    it('a 10-minute jump of the clock still stops at the deadline: the pad cools from then, as with small steps', () => {
      const jumped = new Bench();
      jumped.running({ sessionSeconds: 60, heatSeconds: 60 });
      jumped.advance(10 * MINUTE);
      expect(outputs(jumped.snap)).toEqual(ALL_OFF);
      expect(jumped.snap.lastStop).toBe('deadline');

      const stepped = new Bench();
      stepped.running({ sessionSeconds: 60, heatSeconds: 60 });
      stepped.run(10 * MINUTE, 250);

      // Had the heater run for the whole jump, the pad would be near 40 °C and the battery lower.
      const ranOn = new Bench();
      ranOn.running({ sessionSeconds: 1200, heatSeconds: 1200 });
      ranOn.advance(10 * MINUTE);

      expect(jumped.snap.heaterC).toBeCloseTo(stepped.snap.heaterC, 1);
      expect(jumped.snap.batteryPercent).toBe(stepped.snap.batteryPercent);
      expect(ranOn.snap.heaterC - jumped.snap.heaterC).toBeGreaterThan(3);
    });

    it('the state frame counts the session down in whole seconds', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 120, heatSeconds: 60 });
      b.run(30_500);
      expect(b.readState()).toMatchObject({ sessionSecondsLeft: 90, heatSecondsLeft: 30 });
    });
  });

  describe('heat deadline', () => {
    it('switches heat off at its own deadline while vibration and kneading run on', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 120, heatSeconds: 30 });
      b.run(29_900);
      expect(b.snap.heat).toBe(3);
      b.run(200);
      expect(b.snap).toMatchObject({ heat: 0, heaterEnergized: false, vibration: 3, kneading: 2, armed: true });
    });

    it('refuses heat again after its deadline, and changes nothing', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 120, heatSeconds: 30 });
      b.advance(31_000);
      expect(b.control('03 01')).toBe(REJECTION_CODES['out-of-range']);
      expect(outputs(b.snap)).toEqual({ vibration: 3, kneading: 2, heat: 0 });
    });

    it('a session with no heat time never heats', () => {
      const b = new Bench();
      expect(b.limits({ heatSeconds: 0 })).toBe(0);
      expect(b.control('03 01')).toBe(REJECTION_CODES['out-of-range']);
      expect(b.snap.heat).toBe(0);
    });
  });

  describe('over-temperature hard cut at 41.0 °C', () => {
    it('40.9 °C is still allowed: the cut is at 41.0, not before', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'heater-temperature', celsius: 40.9 });
      expect(b.snap).toMatchObject({ heat: 3, overTemperature: false });
    });

    it('a sensor reading of 41.0 °C cuts every output and latches the fault', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'heater-temperature', celsius: 41.0 });
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap).toMatchObject({ armed: false, heaterEnergized: false, overTemperature: true, lastStop: 'over-temperature' });
      expect(b.readState().faults.overTemperature).toBe(true);
    });

    it('the latched fault refuses a new session until the pad has cooled below 38 °C', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'heater-temperature', celsius: 41.5 });
      b.fw.inject({ kind: 'heater-temperature', celsius: 39 });
      expect(b.limits()).toBe(REJECTION_CODES['fault-active']);
      expect(b.snap).toMatchObject({ armed: false, overTemperature: true });
      b.fw.inject({ kind: 'heater-temperature', celsius: 37.9 });
      expect(b.snap.overTemperature).toBe(false);
      expect(b.limits()).toBe(0);
    });

    it('a heater that keeps heating on its own (runaway) is cut by the firmware at 41 °C, and stays off while it cools', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'heater-runaway' });
      let peak = 0;
      for (let i = 0; i < 20 * 60 && !b.snap.overTemperature; i++) {
        b.advance(1000);
        peak = Math.max(peak, b.snap.heaterC);
      }
      expect(b.snap).toMatchObject({ overTemperature: true, lastStop: 'over-temperature', heaterEnergized: false, armed: false });
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(peak).toBeLessThan(41.1);
      // The element is unpowered: the pad cools instead of climbing on.
      b.run(30_000, 1000);
      expect(b.snap.heaterC).toBeLessThan(41);
      expect(b.limits()).toBe(REJECTION_CODES['fault-active']);
      b.run(10 * MINUTE, 1000);
      expect(b.snap.overTemperature).toBe(false);
      expect(b.limits()).toBe(0);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
    });

    it('an over-temperature cut disarms the session too, so heat is refused until a new one', () => {
      const b = new Bench();
      expect(b.limits()).toBe(0);
      b.fw.inject({ kind: 'heater-temperature', celsius: 41 });
      expect(b.control('03 01')).toBe(REJECTION_CODES['no-session']);
      expect(b.snap.heat).toBe(0);
    });

    it('a heater sensor fault stops everything and reports no temperature', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'sensor-fault' });
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap.lastStop).toBe('sensor-fault');
      expect(b.readState()).toMatchObject({ heaterC: null, faults: { sensorFault: true } });
      expect(b.limits()).toBe(REJECTION_CODES['fault-active']);
    });
  });

  describe('out-of-range commands are refused with the right ATT code and change nothing', () => {
    const cases: { name: string; hex: string; code: number }[] = [
      { name: 'vibration 11 on a 10-step motor', hex: '01 0b', code: REJECTION_CODES['out-of-range'] },
      { name: 'vibration 6 above the session limit of 5', hex: '01 06', code: REJECTION_CODES['out-of-range'] },
      { name: 'vibration 255', hex: '01 ff', code: REJECTION_CODES['out-of-range'] },
      { name: 'kneading speed 4 of 3', hex: '02 04 00', code: REJECTION_CODES['out-of-range'] },
      { name: 'kneading speed 3 above the session limit of 2', hex: '02 03 00', code: REJECTION_CODES['out-of-range'] },
      { name: 'kneading direction code 2', hex: '02 01 02', code: REJECTION_CODES['out-of-range'] },
      { name: 'heat level 4 of 3', hex: '03 04', code: REJECTION_CODES['out-of-range'] },
      { name: 'a vibration frame without its level', hex: '01', code: REJECTION_CODES['bad-length'] },
      { name: 'a vibration frame with a stray byte', hex: '01 02 03', code: REJECTION_CODES['bad-length'] },
      { name: 'a kneading frame without its direction', hex: '02 01', code: REJECTION_CODES['bad-length'] },
      { name: 'an unknown opcode', hex: '07 01', code: REJECTION_CODES['unknown-command'] },
      { name: 'an empty write', hex: '', code: REJECTION_CODES['bad-length'] },
    ];

    it.each(cases)('$name → ATT 0x$code, outputs unchanged', ({ hex, code }) => {
      const b = new Bench();
      b.running();
      const before = b.snap;
      expect(b.control(hex)).toBe(code);
      const after = b.snap;
      expect(outputs(after)).toEqual(outputs(before));
      expect(after).toMatchObject({ direction: before.direction, armed: true, limits: before.limits, deadlineAt: before.deadlineAt });
      expect(b.readState().lastRejection).not.toBeNull();
    });

    it('heat level 3 (40 °C) in a session limited to 38 °C is refused and heat stays where it was', () => {
      const b = new Bench();
      expect(b.limits({ maxHeatC: 38 })).toBe(0);
      expect(b.control('03 02')).toBe(0);
      expect(b.control('03 03')).toBe(REJECTION_CODES['out-of-range']);
      expect(b.snap.heat).toBe(2);
    });

    it('a session with kneading limited to 0 never kneads', () => {
      const b = new Bench();
      expect(b.limits({ maxKneading: 0 })).toBe(0);
      expect(b.control('02 01 00')).toBe(REJECTION_CODES['out-of-range']);
      expect(b.snap.kneading).toBe(0);
    });

    it('reads of the write-only characteristics and writes to read-only ones are refused', () => {
      const b = new Bench();
      expect(b.fw.read(CONTROL, 0)).toEqual({ code: ATT.readNotPermitted });
      expect(b.fw.read(LIMITS, 0)).toEqual({ code: ATT.readNotPermitted });
      expect(b.fw.write(STATE, fromHex('01 05'), 0)).toBe(ATT.writeNotPermitted);
      expect(b.fw.write(SIG.batteryLevel, fromHex('64'), 0)).toBe(ATT.writeNotPermitted);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
    });
  });

  describe('no session, no output', () => {
    it.each([
      ['vibration', '01 01'],
      ['kneading', '02 01 00'],
      ['heat', '03 01'],
    ])('%s is refused as no-session before any limits were written', (_name, hex) => {
      const b = new Bench();
      expect(b.control(hex)).toBe(REJECTION_CODES['no-session']);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.readState().lastRejection).toBe('no-session');
    });

    it('turning an output down to 0 is always taken, session or not', () => {
      const b = new Bench();
      expect(b.control('01 00')).toBe(0);
      expect(b.control('02 00 01')).toBe(0);
      expect(b.control('03 00')).toBe(0);
    });
  });

  describe('never resumes by itself', () => {
    const stops: { name: string; stop: (b: Bench) => void }[] = [
      { name: 'a stop command', stop: (b) => expect(b.control('00')).toBe(0) },
      { name: 'the deadline', stop: (b) => b.advance(1200_000) },
      { name: 'link loss and reconnect', stop: (b) => (b.fw.linkLost(b.now), b.fw.connect(b.now)) },
      {
        name: 'an over-temperature cut, once cooled',
        stop: (b) => (b.fw.inject({ kind: 'heater-temperature', celsius: 41 }), b.fw.inject({ kind: 'heater-temperature', celsius: 33 })),
      },
    ];

    it.each(stops)('after $name, outputs stay off and level commands are refused until new limits', ({ stop }) => {
      const b = new Bench();
      b.running();
      stop(b);
      b.run(2 * MINUTE, 500);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap.armed).toBe(false);
      for (const hex of ['01 01', '02 01 00', '03 01']) expect(b.control(hex)).toBe(REJECTION_CODES['no-session']);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      // Only a new, deliberate session lets them on again.
      expect(b.limits()).toBe(0);
      expect(b.control('01 01')).toBe(0);
      expect(b.snap.vibration).toBe(1);
    });

    it('new limits written while outputs run stop them first: a new session starts from off', () => {
      const b = new Bench();
      b.running();
      expect(b.limits({ maxVibration: 1 })).toBe(0);
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap.lastStop).toBe('new-session');
    });
  });

  describe('stop is never refused', () => {
    const states: { name: string; set: (b: Bench) => void }[] = [
      { name: 'idle', set: () => undefined },
      { name: 'armed with nothing on', set: (b) => b.limits() },
      { name: 'running every output', set: (b) => b.running() },
      { name: 'over-temperature latched', set: (b) => (b.running(), b.fw.inject({ kind: 'heater-temperature', celsius: 42 })) },
      { name: 'battery at the cut-off', set: (b) => (b.running(), b.fw.inject({ kind: 'battery', percent: 3 })) },
      { name: 'sensor fault', set: (b) => b.fw.inject({ kind: 'sensor-fault' }) },
      { name: 'after link loss', set: (b) => (b.running(), b.fw.linkLost(b.now)) },
    ];
    const frames = ['00', '00 00', '00 ff', '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13'];

    for (const { name, set } of states) {
      it.each(frames)(`in state "${name}", stop frame %s is taken and everything is off`, (hex) => {
        const b = new Bench();
        set(b);
        expect(b.control(hex)).toBe(0);
        expect(outputs(b.snap)).toEqual(ALL_OFF);
        expect(b.snap.armed).toBe(false);
      });
    }
  });

  describe('limits frames', () => {
    const refused: { name: string; frame: Bytes; code: number }[] = [
      { name: 'max vibration 11 of 10', frame: limitsFrame({ maxVibration: 11 }), code: REJECTION_CODES['out-of-range'] },
      { name: 'max kneading 4 of 3', frame: limitsFrame({ maxKneading: 4 }), code: REJECTION_CODES['out-of-range'] },
      {
        name: 'max heat 41 °C (above the 40 °C a session may ask)',
        frame: limitsFrame({ maxHeatC: 41 }),
        code: REJECTION_CODES['out-of-range'],
      },
      {
        name: 'max heat 29 °C (neither off nor a real setpoint)',
        frame: limitsFrame({ maxHeatC: 29 }),
        code: REJECTION_CODES['out-of-range'],
      },
      { name: 'a session of 0 s', frame: limitsFrame({ sessionSeconds: 0, heatSeconds: 0 }), code: REJECTION_CODES['out-of-range'] },
      { name: 'a session of 1201 s (over 20 min)', frame: limitsFrame({ sessionSeconds: 1201 }), code: REJECTION_CODES['out-of-range'] },
      { name: 'a session of 65535 s', frame: limitsFrame({ sessionSeconds: 65535 }), code: REJECTION_CODES['out-of-range'] },
      {
        name: 'heat time longer than the session',
        frame: limitsFrame({ sessionSeconds: 600, heatSeconds: 601 }),
        code: REJECTION_CODES['out-of-range'],
      },
      { name: 'version 2', frame: fromHex('02 05 02 28 b0 04 58 02'), code: REJECTION_CODES['unsupported-version'] },
      { name: 'version 0', frame: fromHex('00 05 02 28 b0 04 58 02'), code: REJECTION_CODES['unsupported-version'] },
      { name: '7 bytes', frame: fromHex('01 05 02 28 b0 04 58'), code: REJECTION_CODES['bad-length'] },
      { name: '9 bytes', frame: fromHex('01 05 02 28 b0 04 58 02 00'), code: REJECTION_CODES['bad-length'] },
      { name: 'an empty write', frame: fromHex(''), code: REJECTION_CODES['bad-length'] },
    ];

    it.each(refused)('$name is refused and arms nothing', ({ frame, code }) => {
      const b = new Bench();
      expect(b.limits(frame)).toBe(code);
      expect(b.snap).toMatchObject({ armed: false, limits: null, deadlineAt: null });
      expect(b.control('01 01')).toBe(REJECTION_CODES['no-session']);
    });

    it.each(refused)('$name sent during a running session leaves that session exactly as it was', ({ frame, code }) => {
      const b = new Bench();
      b.running({ sessionSeconds: 600, heatSeconds: 300 });
      const before = b.snap;
      expect(b.limits(frame)).toBe(code);
      expect(outputs(b.snap)).toEqual(outputs(before));
      expect(b.snap).toMatchObject({
        armed: true,
        limits: before.limits,
        deadlineAt: before.deadlineAt,
        heatDeadlineAt: before.heatDeadlineAt,
      });
    });

    it('the edge values are taken: 1 s, 1200 s, 30 °C, 40 °C and 0 for no heat', () => {
      for (const frame of [
        { sessionSeconds: 1, heatSeconds: 1 },
        { sessionSeconds: 1200, heatSeconds: 1200 },
        { maxHeatC: 30 },
        { maxHeatC: 0, heatSeconds: 0 },
        { maxVibration: 10, maxKneading: 3 },
      ]) {
        expect(new Bench().limits(frame)).toBe(0);
      }
    });
  });

  describe('battery', () => {
    it('a battery at the 5 % cut-off stops every output and refuses a new session', () => {
      const b = new Bench();
      b.running();
      b.fw.inject({ kind: 'battery', percent: 5 });
      expect(outputs(b.snap)).toEqual(ALL_OFF);
      expect(b.snap).toMatchObject({ lastStop: 'low-battery', lowBattery: true, armed: false });
      expect(b.limits()).toBe(REJECTION_CODES['low-battery']);
      expect(b.readState().faults.lowBattery).toBe(true);
    });

    it('a battery that drains to the cut-off during a session stops it on its own', () => {
      const fw = new OpenMassagerFirmware({ now: 0, batteryPercent: 5.5 });
      fw.connect(0);
      expect(fw.write(LIMITS, limitsFrame(), 0)).toBe(0);
      expect(fw.write(CONTROL, fromHex('03 03'), 0)).toBe(0);
      expect(fw.write(CONTROL, fromHex('01 05'), 0)).toBe(0);
      let now = 0;
      while (fw.snapshot().armed && now < 20 * MINUTE) fw.tick((now += 1000));
      expect(fw.snapshot()).toMatchObject({ lastStop: 'low-battery', vibration: 0, heat: 0 });
      expect(now).toBeLessThan(20 * MINUTE);
    });

    it('the battery drains faster with the heater on than idle', () => {
      const idle = new OpenMassagerFirmware({ now: 0, batteryPercent: 80 });
      const heating = new Bench();
      heating.running({ sessionSeconds: 1200, heatSeconds: 1200 });
      idle.tick(20 * MINUTE);
      heating.run(20 * MINUTE, 1000);
      expect(heating.snap.batteryPercent).toBeLessThan(100);
      expect(idle.snapshot().batteryPercent).toBe(79);
      expect(100 - heating.snap.batteryPercent).toBeGreaterThan(80 - idle.snapshot().batteryPercent);
    });
  });

  describe('state notifications', () => {
    it('are not sent to a host that has not subscribed', () => {
      const b = new Bench();
      b.running();
      b.run(5000);
      expect(b.stateFrames()).toEqual([]);
    });

    it('are sent on every change once subscribed, and each decodes to the new state', () => {
      const b = new Bench();
      b.fw.setNotifying(STATE, true);
      b.advance(100); // the first frame after subscribing is the current state
      expect(b.stateFrames()).toHaveLength(1);
      expect(b.limits()).toBe(0);
      expect(b.control('01 04')).toBe(0);
      const frames = b.stateFrames();
      expect(frames).toHaveLength(3);
      const last = decodeOpenState(frames.at(-1)!, DIRECTIONS);
      expect(last.ok && last.value).toMatchObject({ vibration: 4, sessionArmed: true });
    });

    it('a refused command is notified too, with its rejection code', () => {
      const b = new Bench();
      b.fw.setNotifying(STATE, true);
      expect(b.control('01 01')).toBe(REJECTION_CODES['no-session']);
      const last = decodeOpenState(b.stateFrames().at(-1)!, DIRECTIONS);
      expect(last.ok && last.value.lastRejection).toBe('no-session');
    });

    it('come once a second while a session is armed (the countdown), and not at all while idle and unchanged', () => {
      const b = new Bench();
      b.fw.setNotifying(STATE, true);
      b.advance(100);
      const initial = b.stateFrames().length;
      b.run(10_000);
      expect(b.stateFrames()).toHaveLength(initial);
      expect(b.limits()).toBe(0);
      const armedAt = b.notified.length;
      b.run(10_000);
      const heartbeats = b.notified.slice(armedAt).filter((n) => n.characteristic === STATE);
      expect(heartbeats).toHaveLength(10);
      const gaps = heartbeats.slice(1).map((n, i) => n.at - heartbeats[i]!.at);
      expect(new Set(gaps)).toEqual(new Set([1000]));
    });

    it('every frame carries the next sequence number', () => {
      const b = new Bench();
      b.fw.setNotifying(STATE, true);
      b.limits();
      b.run(3000);
      const sequences = b.stateFrames().map((f) => f[15]!);
      expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i));
    });

    it('stop after unsubscribing once the link is lost', () => {
      const b = new Bench();
      b.fw.setNotifying(STATE, true);
      b.running();
      b.fw.linkLost(b.now);
      const count = b.notified.length;
      b.fw.connect(b.now);
      b.run(5000);
      expect(b.control('01 01')).toBe(REJECTION_CODES['no-session']);
      expect(b.notified.length).toBe(count);
    });

    it('the thermometer notifies the heater temperature the firmware measures', () => {
      const b = new Bench();
      b.fw.setNotifying(SIG.temperatureMeasurement, true);
      b.running();
      b.run(60_000, 1000);
      const temps = b.notified.filter((n) => n.characteristic === SIG.temperatureMeasurement);
      const last = decodeTemperatureMeasurement(temps.at(-1)!.value);
      expect(last.ok && last.value.celsius).toBeCloseTo(b.snap.heaterC, 1);
    });
  });

  describe('heater physics', () => {
    it('warms toward its setpoint over minutes, not at once', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 1200, heatSeconds: 1200 });
      const start = b.snap.heaterC;
      expect(start).toBe(FIRMWARE.ambientC);
      b.run(10_000, 1000);
      const early = b.snap.heaterC;
      expect(early).toBeGreaterThan(start);
      expect(early).toBeLessThan(36);
      b.run(10 * MINUTE, 1000);
      expect(b.snap.heaterC).toBeGreaterThan(39);
      expect(b.snap.heaterC).toBeLessThan(41);
    });

    it('holds near a lower setpoint (level 1, 36 °C) and never overshoots to the cut', () => {
      const b = new Bench();
      expect(b.limits({ sessionSeconds: 1200, heatSeconds: 1200 })).toBe(0);
      expect(b.control('03 01')).toBe(0);
      let peak = 0;
      for (let t = 0; t < 15 * MINUTE; t += 1000) {
        b.advance(1000);
        peak = Math.max(peak, b.snap.heaterC);
      }
      expect(b.snap.heaterC).toBeGreaterThan(35);
      expect(peak).toBeLessThan(37);
    });

    it('cools back toward the room once heat is off', () => {
      const b = new Bench();
      b.running({ sessionSeconds: 1200, heatSeconds: 1200 });
      b.run(5 * MINUTE, 1000);
      const warm = b.snap.heaterC;
      b.control('03 00');
      b.run(5 * MINUTE, 1000);
      expect(b.snap.heaterC).toBeLessThan(warm);
      expect(b.snap.heaterEnergized).toBe(false);
    });
  });

  describe('device information', () => {
    it('answers firmware revision, model and manufacturer as UTF-8 text', () => {
      const fw = new OpenMassagerFirmware({ firmwareRevision: '2.1.0' });
      const text = (uuid: string) => {
        const read = fw.read(uuid, 0);
        const decoded = 'value' in read ? decodeUtf8String(read.value, uuid) : null;
        return decoded?.ok ? decoded.value : null;
      };
      expect(text(SIG.firmwareRevision)).toBe('2.1.0');
      expect(text(SIG.modelNumber)).toBe('EB-OPEN-1');
      expect(text(SIG.manufacturerName)).toBe('Easeback simulator');
      const battery = fw.read(SIG.batteryLevel, 0);
      expect('value' in battery && toHex(battery.value)).toBe('64');
    });
  });
});
