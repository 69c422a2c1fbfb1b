import { Subject } from 'rxjs';
import type { Bytes } from '../../../src/core/bytes.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import type { DiyBoard } from '../../../src/sim/avr/board.js';
import type { DeviceConnector, DeviceLink, OpenedLink } from '../../../src/transport/link.js';

/**
 * The DIY board's real firmware on the emulated chip, reached as a USB-serial cable (or a Web
 * Serial port) would reach it: bytes straight into its USART at 9600 baud, its bytes back in
 * whatever chunks the poll finds. No BLE module and no GATT; the port being open holds the
 * board's STATE pin high, as the module does while a central is connected.
 */
export class SerialBoardConnector implements DeviceConnector {
  readonly kind = 'stream' as const;
  readonly id = 'diy-serial';
  readonly name = 'DIY board on a serial cable';
  private _startNow: number;
  private _out: number[] = [];

  constructor(
    readonly board: DiyBoard,
    private readonly _pollMs = 10,
  ) {
    this._startNow = performance.now() - board.nowMs;
    board.setLink(false);
    board.onSerialOut = (byte) => this._out.push(byte);
  }

  open(_profiles: readonly DeviceProfile[], known: DeviceProfile | null): Promise<OpenedLink> {
    if (!known) return Promise.reject(new Error('A serial port cannot say which massager it is: choose its profile.'));
    this._catchUp();
    this._out = [];
    this.board.setLink(true);
    const received = new Subject<Bytes>();
    const ended = new Subject<void>();
    let open = true;
    const poll = setInterval(() => {
      this._catchUp();
      if (this._out.length > 0) received.next(Uint8Array.from(this._out.splice(0)));
    }, this._pollMs);
    const link: DeviceLink = {
      values: received.asObservable(),
      disconnected: ended.asObservable(),
      disconnect: () => {
        if (!open) return;
        open = false;
        clearInterval(poll);
        this._catchUp();
        this.board.setLink(false);
        received.complete();
        ended.next();
        ended.complete();
      },
      write: (bytes) => {
        if (!open) return Promise.reject(new Error('The port is closed.'));
        this._catchUp();
        this.board.writeSerial(bytes);
        return Promise.resolve();
      },
    };
    return Promise.resolve({ link, profile: known, extras: null });
  }

  /** Runs the chip up to the host's clock. */
  private _catchUp(): void {
    const due = performance.now() - this._startNow - this.board.nowMs;
    if (due > 0) this.board.runFor(due);
  }
}
