import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JournalPort, SessionPort } from '../../app/ports.js';
import { heatTimeLeft, isActive, sessionTimeLeft, startRefusal } from '../../core/session/machine.js';
import type { TrendAdvice } from '../../core/journal/trend.js';
import type { MachineState } from '../../core/session/types.js';
import { presetById } from '../../core/safety/presets.js';
import { ObserveController } from '../controllers/observe.js';
import { journalContext, sessionContext } from '../context.js';
import { END_REASON_TEXT } from '../../app/announcements.js';
import { clock, spokenDuration, timeOfDay } from '../format.js';
import { base } from '../styles.js';
import './app-pain-after.js';
import './app-pain-scale.js';

/** Start, pause and resume, the countdown, and how the last session ended. */
@customElement('app-session-panel')
export class AppSessionPanel extends LitElement {
  static override styles = [
    base,
    css`
      .time {
        font-size: 2.6rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        line-height: 1.1;
        margin: 0.2rem 0;
      }
      .status {
        font-weight: 600;
      }
      .actions {
        margin-top: 0.6rem;
      }
      /* A running session is one line of heading and status, then the time with Pause beside it. */
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0 0.8rem;
      }
      .top h2,
      .top p {
        margin: 0;
      }
      .now {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .now .time {
        margin: 0;
      }
      .open p.muted {
        margin: 0;
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: journalContext }) @property({ attribute: false }) journal?: JournalPort;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _advice = new ObserveController<TrendAdvice | null>(this, () => this.journal?.advice$ ?? null, null);
  /** The optional pain score given before Start; sent with the start event, never waited for. */
  @state() private _painBefore: number | null = null;

  override render() {
    const state = this._state.value;
    if (!state) return nothing;
    const s = state.session;
    const at = state.now;
    const open = s !== null && s.status !== 'ended' ? s : null;
    const refusal = open ? null : startRefusal(state, at);
    const status =
      !s || s.status === 'ended'
        ? 'Ready'
        : s.status === 'ramping'
          ? 'Soft start: building up gently'
          : s.status === 'running'
            ? 'Running'
            : s.pauseCause === 'checkin-unanswered'
              ? 'Paused: no answer to the check-in'
              : 'Paused: everything is off';
    if (open) {
      const left = sessionTimeLeft(open, at);
      return html`<section class="card open" aria-labelledby="session-heading" data-testid="session-card">
        <div class="top">
          <h2 id="session-heading">Session</h2>
          <p class="status" data-testid="session-status">${status}</p>
          <p class="muted">${open.caps.maxHeat > 0 ? html`Heat left: ${clock(heatTimeLeft(open, at))}` : html`No heat`}</p>
        </div>
        <div class="now">
          <p class="time" data-testid="session-time" aria-label=${`${spokenDuration(left)} left`}>${clock(left)}</p>
          ${
            isActive(open)
              ? html`<button @click=${() => this.session?.dispatch({ type: 'pause' })}>Pause</button>`
              : html`<button class="primary" @click=${() => this.session?.dispatch({ type: 'resume' })}>Resume</button>`
          }
        </div>
      </section>`;
    }
    return html`<section class="card" aria-labelledby="session-heading">
      <h2 id="session-heading">Session</h2>
      <p class="status" data-testid="session-status">${status}</p>
      <p class="muted">${presetById(state.presetId).name}: up to ${clock(presetById(state.presetId).sessionMs.value)} minutes.</p>
      ${
        s?.status === 'ended' && s.end
          ? html`<p
                class=${s.end.reason === 'completed' || s.end.reason === 'user' ? 'note' : 'warn'}
                role="status"
                data-testid="session-end"
              >
                ${END_REASON_TEXT[s.end.reason]} ${s.end.detail && s.end.reason !== 'symptom' ? s.end.detail : ''} Nothing restarts until
                you press Start.
              </p>
              <app-pain-after></app-pain-after>`
          : nothing
      }
      ${!this._advice.value ? nothing : this._trendAdvice(this._advice.value)}
      ${
        refusal === null
          ? html`<app-pain-scale
              name="pain-before"
              legend="Pain right now, from 0 (none) to 10 (worst)? Optional"
              .value=${this._painBefore}
              @pain-change=${(event: CustomEvent<number>) => (this._painBefore = event.detail)}
            ></app-pain-scale>`
          : nothing
      }
      <div class="row actions">
        <button class="primary" ?disabled=${refusal !== null} @click=${this._start}>Start session</button>
      </div>
      ${state.device ? html`<app-checkin-alerts></app-checkin-alerts>` : nothing} ${this._stopWays()}
      ${
        refusal && refusal.reason !== 'no-device'
          ? html`<p class="muted" data-testid="start-refusal">
              ${refusal.message}${refusal.until ? html` Next possible at ${timeOfDay(refusal.until)}.` : nothing}
            </p>`
          : nothing
      }
    </section>`;
  }

  private _trendAdvice(advice: TrendAdvice) {
    // Loaded only when there is advice to show: it shares its chunk with the history view.
    void import('./app-trend-advice.js');
    return html`<app-trend-advice .advice=${advice}></app-trend-advice>`;
  }

  private _stopWays() {
    // Loaded on demand (issue 16): the loud-sound option, shown before a session. During one,
    // app-root shows the listening indicator and tap-anywhere mode below the controls.
    void import('./app-stop-ways.js');
    return html`<app-stop-ways></app-stop-ways>`;
  }

  private _start(): void {
    this.session?.dispatch({ type: 'start', sessionId: crypto.randomUUID(), painBefore: this._painBefore });
    this._painBefore = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-session-panel': AppSessionPanel;
  }
}
