import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Keeps a component's copy of an observable's latest value, subscribing while the component is
 * in the page and unsubscribing when it leaves (so nothing outlives the element).
 *
 * The source is looked up again before every update: when it changes (the services arrive by
 * context after the element connected, or a property names another stream), the controller
 * leaves the old one and follows the new one.
 */
export class ObserveController<T> implements ReactiveController {
  value: T;
  private _subscription: Subscription | null = null;
  private _following: Observable<T> | null = null;
  private _connected = false;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _source: () => Observable<T> | null,
    initial: T,
  ) {
    this.value = initial;
    _host.addController(this);
  }

  hostConnected(): void {
    this._connected = true;
    this._follow(this._source());
  }

  hostUpdate(): void {
    if (this._connected) this._follow(this._source());
  }

  hostDisconnected(): void {
    this._connected = false;
    this._subscription?.unsubscribe();
    this._subscription = null;
    this._following = null;
  }

  private _follow(source: Observable<T> | null): void {
    if (source === this._following && this._subscription !== null) return;
    if (source === null && this._following === null) return;
    this._subscription?.unsubscribe();
    this._following = source;
    this._subscription =
      source?.subscribe((value) => {
        this.value = value;
        this._host.requestUpdate();
      }) ?? null;
  }
}
