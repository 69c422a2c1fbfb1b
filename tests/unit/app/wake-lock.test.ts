import { describe, expect, it } from 'vitest';
import { ScreenWakeLock, type WakeLockApi, type WakeLockHandle } from '../../../src/app/wake-lock.js';

/** A browser's wake lock: it grants (or refuses) requests and drops every lock when the page hides. */
class FakeBrowser implements WakeLockApi {
  visible = true;
  refuse = false;
  requests = 0;
  readonly handles: { released: boolean; release(): Promise<void> }[] = [];
  private _grant: (() => void) | null = null;
  holdRequests = false;

  request(): Promise<WakeLockHandle> {
    this.requests += 1;
    if (this.refuse) return Promise.reject(new DOMException('refused', 'NotAllowedError'));
    const handle = {
      released: false,
      release() {
        this.released = true;
        return Promise.resolve();
      },
    };
    this.handles.push(handle);
    if (!this.holdRequests) return Promise.resolve(handle);
    return new Promise((resolve) => (this._grant = () => resolve(handle)));
  }

  grant(): void {
    this._grant?.();
  }

  hide(): void {
    this.visible = false;
    for (const handle of this.handles) handle.released = true;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the screen stays on while a session is open', () => {
  it('a session that starts keeps the screen on, and its end lets the screen sleep', async () => {
    const browser = new FakeBrowser();
    const lock = new ScreenWakeLock(browser, () => browser.visible);
    lock.keepAwake(true);
    await settle();
    expect(lock.held).toBe(true);
    lock.keepAwake(false);
    await settle();
    expect(lock.held).toBe(false);
    expect(browser.handles.every((h) => h.released)).toBe(true);
  });

  it('after the tab was hidden, the lock is asked for again when it is shown, only if the session is still open', async () => {
    const browser = new FakeBrowser();
    const lock = new ScreenWakeLock(browser, () => browser.visible);
    lock.keepAwake(true);
    await settle();
    browser.hide();
    expect(lock.held).toBe(false);
    browser.visible = true;
    lock.pageShown();
    await settle();
    expect(lock.held).toBe(true);
    expect(browser.requests).toBe(2);

    lock.keepAwake(false);
    browser.hide();
    browser.visible = true;
    lock.pageShown();
    await settle();
    expect(browser.requests).toBe(2);
    expect(lock.held).toBe(false);
  });

  it('a session that ends while the lock is being granted does not leave the screen on', async () => {
    const browser = new FakeBrowser();
    browser.holdRequests = true;
    const lock = new ScreenWakeLock(browser, () => browser.visible);
    lock.keepAwake(true);
    lock.keepAwake(false);
    browser.grant();
    await settle();
    expect(lock.held).toBe(false);
    expect(browser.handles[0]?.released).toBe(true);
  });

  it('a refused lock, or a browser without one, changes nothing else', async () => {
    const browser = new FakeBrowser();
    browser.refuse = true;
    const refused = new ScreenWakeLock(browser, () => true);
    refused.keepAwake(true);
    await settle();
    expect(refused.held).toBe(false);
    const none = new ScreenWakeLock(undefined, () => true);
    expect(() => none.keepAwake(true)).not.toThrow();
    expect(none.held).toBe(false);
  });

  it('a hidden page does not ask (the browser would refuse): it asks when shown', async () => {
    const browser = new FakeBrowser();
    browser.visible = false;
    const lock = new ScreenWakeLock(browser, () => browser.visible);
    lock.keepAwake(true);
    await settle();
    expect(browser.requests).toBe(0);
    browser.visible = true;
    lock.pageShown();
    await settle();
    expect(lock.held).toBe(true);
  });
});
