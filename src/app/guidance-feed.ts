import { BehaviorSubject, distinctUntilChanged, map, scan, type Subscription } from 'rxjs';
import { actionOf, guidanceFor, type Guidance, type UserAction } from '../core/guidance/guidance.js';
import type { MachineState } from '../core/session/types.js';
import type { SessionService } from './session-service.js';

/**
 * Which guidance fits now, kept up to date from the session. It runs from start-up rather than
 * when the guidance panel first subscribes, so an action taken while the panel was folded away
 * on a phone still counts when it is opened.
 */
export class GuidanceFeed {
  readonly guidance$: BehaviorSubject<Guidance>;
  private readonly _subscription: Subscription;

  constructor(session: SessionService) {
    const initial = session.state;
    this.guidance$ = new BehaviorSubject(guidanceFor({ state: initial, action: null }));
    this._subscription = session.applied$
      .pipe(
        // Each event is judged against the state it was applied to: the previous event's result.
        scan(
          (view: { state: MachineState; action: UserAction | null }, { event, state }) => ({
            state,
            action: actionOf(event, view.state) ?? view.action,
          }),
          { state: initial, action: null },
        ),
        map(guidanceFor),
        // Ticks arrive four times a second; the panel re-renders only when the guidance changes.
        distinctUntilChanged((a, b) => a.context === b.context && a.also.join() === b.also.join()),
      )
      .subscribe(this.guidance$);
  }

  dispose(): void {
    this._subscription.unsubscribe();
  }
}
