import { describe, expect, it } from 'vitest';
import { NORDIC_UART } from '../../../src/core/protocol/uart-text.js';
import { UART_FIRMWARE, UartMassagerFirmware } from '../../../src/sim/uart-massager-firmware.js';

const ascii = (text: string) => new TextEncoder().encode(text);

/** A connected UART firmware, and every line it has sent since the last `said()`. */
function connected() {
  const firmware = new UartMassagerFirmware({ now: 0 });
  let heard: string[] = [];
  firmware.onNotify((_uuid, value) => heard.push(...new TextDecoder().decode(value).split('\n').filter(Boolean)));
  firmware.connect(0);
  firmware.setNotifying(NORDIC_UART.tx, true);
  let now = 0;
  return {
    firmware,
    at: () => now,
    send(text: string, after = 10) {
      now += after;
      return firmware.write(NORDIC_UART.rx, ascii(text), now);
    },
    wait(ms: number) {
      now += ms;
      firmware.tick(now);
    },
    /** Lines sent since the last call, status lines left out unless asked for. */
    said(withStatus = false) {
      const lines = heard.filter((line) => withStatus || !line.startsWith('ST '));
      heard = [];
      return lines;
    },
  };
}

describe('the simulated UART massager', () => {
  it('silence with an output on trips the watchdog: everything stops and it says why', () => {
    const device = connected();
    device.send('V3\n');
    device.send('H38\n');
    device.said();
    device.wait(UART_FIRMWARE.watchdogMs - 100);
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 3, heat: 38 });
    device.wait(200);
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0, heaterEnergized: false, lastStopWasWatchdog: true });
    expect(device.said()).toEqual(['STOP watchdog']);
  });

  it('keep-alives hold the watchdog off for as long as they come', () => {
    const device = connected();
    device.send('V2\n');
    for (let i = 0; i < 20; i++) {
      device.wait(UART_FIRMWARE.watchdogMs - 1000);
      device.send('K\n');
    }
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 2, stopCount: 0 });
  });

  it('after any stop nothing comes back on by itself, however long it waits or whatever it hears but a command', () => {
    const device = connected();
    device.send('V4\n');
    device.send('S\n');
    expect(device.said()).toEqual(['OK', 'STOP cmd']);
    for (let i = 0; i < 10; i++) {
      device.send('K\n');
      device.wait(60_000);
    }
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0 });
  });

  it('the heater is cut at 41 °C and heat is refused until the pad has cooled', () => {
    const device = connected();
    device.send('H40\n');
    device.said();
    device.firmware.inject({ kind: 'heater-runaway' });
    for (let i = 0; i < 600 && device.firmware.snapshot().heat > 0; i++) {
      device.send('K\n', 1000);
    }
    expect(device.firmware.snapshot()).toMatchObject({ heat: 0, overTemperature: true, lastStop: 'over-temperature' });
    expect(device.firmware.snapshot().heaterC).toBeLessThan(UART_FIRMWARE.hardCutC + 0.5);
    expect(device.said()).toContain('STOP hot');
    device.send('H36\n');
    expect(device.said()).toEqual(['ERR fault']);
  });

  it('a value out of range, or a line it does not know, is refused and changes nothing', () => {
    const device = connected();
    device.send('V2\n');
    device.said();
    for (const line of ['V6\n', 'H41\n', 'H33\n', 'H20\n', 'X1\n', 'V\n', 'V-1\n', 'SS\n', 'v3\n']) device.send(line);
    expect(device.said()).toEqual([
      'ERR range',
      'ERR range',
      'ERR range',
      'ERR range',
      'ERR syntax',
      'ERR syntax',
      'ERR syntax',
      'ERR syntax',
      'ERR syntax',
    ]);
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 2, heat: 0 });
  });

  it('a command split across writes is taken once its newline arrives, and two in one write are both taken', () => {
    const device = connected();
    device.send('V');
    expect(device.firmware.snapshot().vibration).toBe(0);
    device.send('3\n');
    expect(device.firmware.snapshot().vibration).toBe(3);
    device.send('V1\nH36\n');
    expect(device.firmware.snapshot()).toMatchObject({ vibration: 1, heat: 36 });
  });

  it('losing the link stops everything', () => {
    const device = connected();
    device.send('V5\n');
    device.send('H40\n');
    device.firmware.linkLost(device.at() + 5);
    expect(device.firmware.snapshot()).toMatchObject({ connected: false, vibration: 0, heat: 0, lastStop: 'link-loss' });
  });

  it('a flat battery stops everything and refuses to start again', () => {
    const device = connected();
    device.send('V2\n');
    device.said();
    device.firmware.inject({ kind: 'battery', percent: 4 });
    expect(device.said()).toEqual(['STOP battery']);
    device.send('V1\n');
    expect(device.said()).toEqual(['ERR battery']);
    expect(device.firmware.snapshot().vibration).toBe(0);
  });
});
