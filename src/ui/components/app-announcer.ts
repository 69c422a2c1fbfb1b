import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DeviceView, SessionPort } from '../../app/ports.js';
import { Subscription } from 'rxjs';
import { announceConnection, announceLevels, announceNotice, announceTimeLeft, type Announcement } from '../../app/announcements.js';
import type { Outputs } from '../../core/commands.js';
import { isActive, isOpen, sessionTimeLeft } from '../../core/session/machine.js';
import type { MachineState } from '../../core/session/types.js';
import { deviceContext, sessionContext } from '../context.js';
import { base } from '../styles.js';

/** How long the chosen levels must stay still before they are spoken: a drag is spoken once, at its end. */
const LEVEL_SETTLE_MS = 1200;

/**
 * The live regions: state changes are spoken without moving focus (connected, started, levels
 * chosen, time left, stopped and why). Notices that matter at once (stops) use the assertive
 * region; the rest wait their turn. Visible too, as the latest message, just above the stop bar.
 */
@customElement('app-announcer')
export class AppAnnouncer extends LitElement {
  static override styles = [
    base,
    css`
      .latest:empty {
        display: none;
      }
      .latest {
        margin: 0;
        padding: 0.3rem 0.8rem;
        font-size: 0.9rem;
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;
  @state() private _polite = '';
  @state() private _urgent = '';
  private _subscription: Subscription | null = null;
  private _levelTimer: ReturnType<typeof setTimeout> | null = null;
  private _joining = false;
  /** An urgent message was said in this same moment (the alert region joins only those). */
  private _joiningUrgent = false;

  override connectedCallback(): void {
    super.connectedCallback();
    const { session, device } = this;
    if (!session || !device) return;
    const say = (announcement: Announcement | null): void => {
      if (announcement) this._say(announcement);
    };
    this._subscription = new Subscription();
    this._subscription.add(session.notices$.subscribe((notice) => say(announceNotice(notice))));
    this._subscription.add(device.state$.subscribe((state) => say(announceConnection(state))));
    this._subscription.add(this._watchSession(session, say));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._subscription?.unsubscribe();
    if (this._levelTimer !== null) clearTimeout(this._levelTimer);
  }

  override render() {
    return html`<div class="latest muted outside-text" role="status" aria-live="polite" data-testid="announcer-polite">${this._polite}</div>
      <div class="visually-hidden" role="alert" aria-live="assertive" data-testid="announcer-urgent">${this._urgent}</div>`;
  }

  /** Time left at its marks, and the levels the person chose once they stop moving. */
  private _watchSession(port: SessionPort, say: (announcement: Announcement | null) => void): Subscription {
    let sessionId: string | null = null;
    let timeLeft = Infinity;
    let spokenLevels: Outputs | null = null;
    let lastRequested: Outputs | null = null;
    return port.state$.subscribe((state: MachineState) => {
      const session = state.session;
      if (!session || !isOpen(session)) {
        sessionId = null;
        return;
      }
      if (session.id !== sessionId) {
        // A new session: its start is announced by its notice; levels and time count from here.
        sessionId = session.id;
        timeLeft = sessionTimeLeft(session, state.now);
        spokenLevels = session.requested;
        lastRequested = session.requested;
        return;
      }
      const left = sessionTimeLeft(session, state.now);
      say(announceTimeLeft(timeLeft, left));
      timeLeft = left;
      const requested = session.requested;
      const moved = lastRequested !== null && announceLevels(lastRequested, requested) !== null;
      lastRequested = requested;
      // The timer restarts only when a level moves: the engine's ticks re-emit the same levels.
      if (moved && isActive(session)) {
        if (this._levelTimer !== null) clearTimeout(this._levelTimer);
        this._levelTimer = setTimeout(() => {
          this._levelTimer = null;
          const current = port.state.session;
          if (!spokenLevels || !current || current.id !== sessionId || !isActive(current)) return;
          say(announceLevels(spokenLevels, current.requested));
          spokenLevels = current.requested;
        }, LEVEL_SETTLE_MS);
      }
    });
  }

  private _say({ text, urgent }: Announcement): void {
    // Messages raised together (a check-in falling due as the time left is spoken) are joined, so
    // the second does not silently replace the first before the region is read. Only messages of
    // this same moment are joined, and a sentence already said in it is not said again ("Stopped.
    // Everything is off." then "Everything is off. Please answer..." reads it once).
    const joined = (current: string, sameMoment: boolean) => {
      if (!sameMoment || current.trim() === '') return text;
      const said = current.trim();
      const fresh = (text.match(/[^.!?]+[.!?]*/g) ?? [text]).map((part) => part.trim()).filter((part) => part && !said.includes(part));
      return fresh.length === 0 ? said : `${said} ${fresh.join(' ')}`;
    };
    const polite = joined(this._polite, this._joining);
    const alert = urgent ? joined(this._urgent, this._joiningUrgent) : this._urgent;
    // A repeated message must still be spoken: change the text even when it is the same.
    if (urgent) this._urgent = this._urgent === alert ? `${alert}\u00a0` : alert;
    this._polite = this._polite === polite ? `${polite}\u00a0` : polite;
    if (urgent) this._joiningUrgent = true;
    if (!this._joining) {
      this._joining = true;
      queueMicrotask(() => {
        this._joining = false;
        this._joiningUrgent = false;
      });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-announcer': AppAnnouncer;
  }
}
