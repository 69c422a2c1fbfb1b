import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Keeps a component's copy of an observable's latest value, subscribing while the component is
 * in the page and unsubscribing when it leaves (so nothing outlives the element).
 */
export class ObserveController<T> implements ReactiveController {
  value: T;
  private _subscription: Subscription | null = null;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _source: () => Observable<T> | null,
    initial: T,
  ) {
    this.value = initial;
    _host.addController(this);
  }

  hostConnected(): void {
    this._subscription =
      this._source()?.subscribe((value) => {
        this.value = value;
        this._host.requestUpdate();
      }) ?? null;
  }

  hostDisconnected(): void {
    this._subscription?.unsubscribe();
    this._subscription = null;
  }
}
