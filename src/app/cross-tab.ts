/**
 * Everything between this origin's open tabs: the messages that carry safety changes, and the
 * Web Locks that give one tab at a time a massager. Loaded just after start-up, with the
 * Bluetooth module, not with the first screen.
 */

/**
 * What one Easeback tab tells the others, the moment it has stored it. Every message means
 * "read it again from the store": the store is the truth, and reads go through its checks, so a
 * message can never carry a value that skips them.
 */
export type CrossTabMessage =
  | { readonly kind: 'screening' }
  | { readonly kind: 'hold' }
  | { readonly kind: 'journal' }
  /** Which tab controls a massager: asked by a tab that could not get its lock. */
  | { readonly kind: 'who-controls'; readonly deviceKey: string }
  | { readonly kind: 'controls'; readonly deviceKey: string; readonly tab: string }
  /** Another tab asks the one controlling `deviceKey` to stop its session and let go. */
  | { readonly kind: 'release'; readonly deviceKey: string }
  | { readonly kind: 'released'; readonly deviceKey: string };

export const CHANNEL_NAME = 'easeback';

/** What the coordinator needs of the app's services. */
export interface TabHost {
  /** Another tab stored a new hold, screening, or journal record: read it from the store again. */
  storedChanged(kind: 'hold' | 'screening' | 'journal'): Promise<void>;
  /** Stops any session, lets the stop reach the massager, and disconnects. */
  disconnect(): Promise<void>;
  /** Connects the chosen device (this tab holds its lock by then). */
  connectDevice(device: BluetoothDevice): Promise<void>;
  /** Which tab controls the chosen massager, or null when this one may. */
  showControlledElsewhere(elsewhere: { readonly name: string; readonly by: string } | null): void;
}

/**
 * BroadcastChannel between this origin's tabs, and the Web Lock of the massager this tab
 * controls. Where the browser has no BroadcastChannel, a tab is alone and nothing is sent (every
 * check still reads the store before it acts).
 */
export class TabCoordinator {
  private _tab: string | null = null;
  private readonly _channel: BroadcastChannel | null;
  private _deviceLock: { readonly key: string; release(): void } | null = null;
  private _pending: { readonly key: string; readonly device: BluetoothDevice } | null = null;

  constructor(
    private readonly _host: TabHost,
    private readonly _openedAt: Date = new Date(),
  ) {
    this._channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : null;
    if (this._channel) this._channel.onmessage = (event: MessageEvent<CrossTabMessage>) => void this._on(event.data);
  }

  /**
   * How this tab names itself to the others: when it was opened, in the person's own time. Made
   * when first asked for: the first date formatting of a page loads the browser's locale data, a
   * long task that start-up need not pay.
   */
  get tab(): string {
    this._tab ??= `the Easeback window opened at ${this._openedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
    return this._tab;
  }

  post(message: CrossTabMessage): void {
    this._channel?.postMessage(message);
  }

  /**
   * One tab at a time controls a massager: connecting takes its Web Lock first. When another tab
   * holds it, nothing is sent to the massager from here; the page says which tab controls it and
   * offers to take over, which asks that tab to stop and let go first.
   */
  async connect(device: BluetoothDevice): Promise<boolean> {
    const key = device.id;
    if (this._deviceLock?.key !== key) {
      const held = await tryHold(deviceLockName(key));
      if (!held) {
        this._pending = { key, device };
        this._host.showControlledElsewhere({ name: device.name ?? 'This massager', by: 'another Easeback window' });
        this.post({ kind: 'who-controls', deviceKey: key });
        return false;
      }
      this.releaseDevice();
      this._deviceLock = { key, release: () => held.release() };
    }
    this._pending = null;
    this._host.showControlledElsewhere(null);
    try {
      await this._host.connectDevice(device);
    } catch (error: unknown) {
      this.releaseDevice();
      throw error;
    }
    return true;
  }

  /** Asks the tab controlling the chosen massager to stop its session and let go; this tab connects once it has. */
  takeOver(): void {
    if (this._pending) this.post({ kind: 'release', deviceKey: this._pending.key });
  }

  cancelTakeover(): void {
    this._pending = null;
    this._host.showControlledElsewhere(null);
  }

  releaseDevice(): void {
    this._deviceLock?.release();
    this._deviceLock = null;
  }

  private async _on(message: CrossTabMessage): Promise<void> {
    switch (message.kind) {
      case 'hold':
      case 'screening':
      case 'journal':
        return this._host.storedChanged(message.kind);
      case 'who-controls':
        if (this._deviceLock?.key === message.deviceKey) this.post({ kind: 'controls', deviceKey: message.deviceKey, tab: this.tab });
        return;
      case 'controls':
        if (this._pending?.key === message.deviceKey) {
          this._host.showControlledElsewhere({ name: this._pending.device.name ?? 'This massager', by: message.tab });
        }
        return;
      case 'release':
        if (this._deviceLock?.key === message.deviceKey) {
          // Another tab takes over: stop first, let the stop reach the massager, then let go.
          await this._host.disconnect();
          this.releaseDevice();
          this.post({ kind: 'released', deviceKey: message.deviceKey });
        }
        return;
      case 'released':
        if (this._pending?.key === message.deviceKey) await this.connect(this._pending.device);
        return;
    }
  }
}

/** Web Locks, where the browser has them: one tab at a time holds each name. */
function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

/**
 * Holds the lock `name` until `release()` is called, if no other tab holds it now. Resolves to
 * null when another tab does. Without Web Locks every request is granted (a lone tab).
 */
export async function tryHold(name: string): Promise<{ release(): void } | null> {
  const manager = locks();
  if (!manager) return { release: () => undefined };
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  return new Promise((resolve) => {
    void manager.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      resolve({ release });
      return held;
    });
  });
}

/** Names of the locks some tab of this origin holds right now (empty without Web Locks). */
export async function heldLocks(): Promise<Set<string>> {
  const manager = locks();
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  return new Set(held.map((lock) => lock.name ?? '').filter((name) => name !== ''));
}

/** The lock a tab holds while it controls a massager: one tab per massager. */
export function deviceLockName(deviceKey: string): string {
  return `easeback-massager:${deviceKey}`;
}

/** The lock a tab holds while its session runs: another tab's load must not close it as interrupted. */
export function sessionLockName(sessionId: string): string {
  return `easeback-session:${sessionId}`;
}
