import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SessionPort, StopWaysPort } from '../../app/ports.js';
import { of, switchMap } from 'rxjs';
import type { ListeningStatus } from '../../app/stop-ways.js';
import { isOpen } from '../../core/session/machine.js';
import { LOUD_SOUND } from '../../core/stop/loud-sound.js';
import type { MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { sessionContext, stopWaysContext } from '../context.js';
import { base } from '../styles.js';

/**
 * Ways to stop without reaching STOP: the loud-sound option (before a session) and its listening
 * indicator (during one), and the button into tap-anywhere mode (during one).
 */
@customElement('app-stop-ways')
export class AppStopWays extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        margin-top: 0.8rem;
      }
      h3 {
        margin-top: 0;
      }
      label {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        min-height: 44px;
        font-weight: 600;
      }
      input[type='checkbox'] {
        width: 1.5rem;
        height: 1.5rem;
        flex: none;
      }
      .listening {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
      .dot {
        width: 0.9rem;
        height: 0.9rem;
        border-radius: 50%;
        background: var(--danger);
        flex: none;
      }
      .meter {
        flex: 1 1 8rem;
        height: 0.6rem;
        border: 1px solid var(--line-strong);
        border-radius: 0.3rem;
        overflow: hidden;
      }
      .fill {
        display: block;
        height: 100%;
        background: var(--accent);
      }
      @media (prefers-reduced-motion: no-preference) {
        .dot {
          animation: pulse 1.6s ease-in-out infinite;
        }
        @keyframes pulse {
          50% {
            opacity: 0.35;
          }
        }
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: stopWaysContext }) @property({ attribute: false }) stopWays?: StopWaysPort;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _loud = new ObserveController<boolean>(
    this,
    () => this.stopWays?.ways$.pipe(switchMap((ways) => ways?.loudSound$ ?? of(false))) ?? null,
    false,
  );
  private readonly _listening = new ObserveController<ListeningStatus>(
    this,
    () => this.stopWays?.ways$.pipe(switchMap((ways) => ways?.listening$ ?? of<ListeningStatus>({ kind: 'off' }))) ?? null,
    { kind: 'off' },
  );
  @state() private _tapMode = false;

  override willUpdate(): void {
    // Tap-anywhere mode belongs to one session: it goes when that session ends.
    if (!isOpen(this._state.value?.session ?? null)) this._tapMode = false;
  }

  override render() {
    const open = isOpen(this._state.value?.session ?? null);
    return html`<section aria-labelledby="stop-ways-heading">
      <h3 id="stop-ways-heading">Stop without reaching the button</h3>
      ${open ? this._during() : this._before()}
    </section>`;
  }

  private _before() {
    return html`<label>
        <input type="checkbox" .checked=${this._loud.value} @change=${this._onLoudChange} />
        A loud sound stops the session
      </label>
      <p class="muted">
        Shout, clap or say “stop!” loudly. The microphone is used only while a session runs, and only for how loud the room is: nothing is
        recorded, kept or sent. The first ${LOUD_SOUND.calibrationMs / 1000} seconds learn how loud your room is. A noise that makes it stop
        by mistake is always safe: nothing starts again until you press Start.
      </p>
      <p class="muted">During a session, <strong>Tap-anywhere mode</strong> turns the whole screen into a stop button.</p>`;
  }

  private _during() {
    return html`${this._loud.value ? this._indicator(this._listening.value) : nothing}
      <button @click=${this._enterTapMode}>Tap-anywhere mode</button>
      ${this._tapMode ? html`<app-tap-stop></app-tap-stop>` : nothing}`;
  }

  private _indicator(status: ListeningStatus) {
    switch (status.kind) {
      case 'off':
      case 'opening':
        return html`<p class="listening" data-testid="listening">Opening the microphone…</p>`;
      case 'calibrating':
        return html`<p class="listening" data-testid="listening">
          <span class="dot" aria-hidden="true"></span> Microphone on: learning how loud the room is. Keep still for a moment.
        </p>`;
      case 'listening': {
        return html`<p class="listening" data-testid="listening">
          <span class="dot" aria-hidden="true"></span> Microphone on: a loud sound stops the session.
          <span class="meter" aria-hidden="true"><span class="fill"></span></span>
        </p>`;
      }
      case 'heard':
        return html`<p class="listening" data-testid="listening">Heard a loud sound: stopping.</p>`;
      case 'unavailable':
        return html`<p class="warn" data-testid="listening">${status.message} STOP, Escape and Symptoms still work.</p>`;
    }
  }

  override updated(): void {
    // The level bar is set through CSSOM, which the CSP allows; a style attribute it refuses. It
    // runs from -70 dBFS (a silent room) to full scale.
    const status = this._listening.value;
    const fill = this.renderRoot.querySelector<HTMLElement>('.fill');
    if (fill && status.kind === 'listening')
      fill.style.width = `${Math.round(Math.min(1, Math.max(0, (status.levelDb + 70) / 70)) * 100)}%`;
  }

  private _onLoudChange(event: Event): void {
    void this.stopWays?.setLoudSound((event.target as HTMLInputElement).checked);
  }

  private _enterTapMode(): void {
    // Loaded on first use; the element upgrades when it arrives (still within the click's gesture).
    void import('./app-tap-stop.js').then(() => (this._tapMode = true));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-stop-ways': AppStopWays;
  }
}
