import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SessionPort } from '../../app/ports.js';
import type { Subscription } from 'rxjs';
import { GLOBAL_CAPS } from '../../core/safety/caps.js';
import type { CheckinAnswer, MachineState } from '../../core/session/types.js';
import { canVibrate, loadCheckinAlerts, playCheckinSound, primeSound, saveCheckinAlerts, vibrateForCheckin } from '../checkin-alerts.js';
import { ObserveController } from '../controllers/observe.js';
import { sessionContext } from '../context.js';
import { clock, spokenDuration } from '../format.js';
import { base } from '../styles.js';

const ANSWERS: readonly { answer: CheckinAnswer; label: string; worse: boolean }[] = [
  { answer: 'same', label: 'Same', worse: false },
  { answer: 'better', label: 'Better', worse: false },
  { answer: 'more-pain', label: 'More pain', worse: true },
  { answer: 'numbness', label: 'Numbness or tingling', worse: true },
  { answer: 'weakness', label: 'Weakness', worse: true },
];

/**
 * The check-in at the preset's interval. It sits just above Stop, where the thumb already is, so
 * it is in view wherever the page is scrolled; it is spoken at once, and may also sound and
 * vibrate. It blocks nothing: the session runs on and Stop stays within reach. A worse answer
 * stops everything at once; no answer at all turns the heat off and pauses (the engine's rule).
 */
@customElement('app-checkin')
export class AppCheckin extends LitElement {
  static override styles = [
    base,
    css`
      .card {
        max-width: 72rem;
        margin: 0.5rem auto 0;
        border: 3px solid var(--accent);
        padding: 0.6rem 0.8rem;
      }
      h2 {
        margin: 0;
      }
      p {
        margin: 0.2rem 0 0.4rem;
      }
      .answers {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.4rem;
      }
      .worse {
        border-color: var(--danger);
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private _notices: Subscription | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this._notices =
      this.session?.notices$.subscribe((notice) => {
        if (notice.kind !== 'checkin-due') return;
        const alerts = loadCheckinAlerts();
        if (alerts.sound) playCheckinSound();
        if (alerts.vibrate) vibrateForCheckin();
      }) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._notices?.unsubscribe();
  }

  override render() {
    const state = this._state.value;
    const session = state?.session;
    if (!state || !session?.checkinOpen || session.status === 'ended') return nothing;
    const missed = session.status === 'paused' && session.pauseCause === 'checkin-unanswered';
    const deadline = missed
      ? (session.pausedAt ?? state.now) + GLOBAL_CAPS.checkinUnansweredEndMs.value
      : (session.checkinOpenedAt ?? state.now) + GLOBAL_CAPS.checkinAnswerMs.value;
    const left = Math.max(0, deadline - state.now);
    // A named section is a region landmark: the check-in sits in the dock, outside the main one.
    return html`<section class="card" aria-labelledby="checkin-heading" data-testid="checkin">
      <h2 id="checkin-heading">How do you feel now?</h2>
      <p class=${missed ? 'warn' : 'muted'} data-testid="checkin-deadline">
        ${
          missed
            ? html`No answer, so the heat is off and the session is paused. Answer, then press Resume. Without an answer the session ends in
                <span aria-label=${spokenDuration(left)}>${clock(left)}</span>.`
            : html`Compared with the start. A worse answer stops everything. No answer in
                <span aria-label=${spokenDuration(left)}>${clock(left)}</span> turns the heat off and pauses.`
        }
      </p>
      <div class="answers">
        ${ANSWERS.map(
          ({ answer, label, worse }) =>
            html`<button class=${worse ? 'worse' : ''} @click=${() => this.session?.dispatch({ type: 'checkin', answer })}>
              ${label}
            </button>`,
        )}
      </div>
    </section>`;
  }
}

/** The person's choice of sound and vibration at check-ins, remembered in this browser. */
@customElement('app-checkin-alerts')
export class AppCheckinAlerts extends LitElement {
  static override styles = [
    base,
    css`
      fieldset {
        border: 0;
        margin: 0.4rem 0 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0 1.2rem;
        align-items: center;
      }
      legend {
        float: left;
        margin-right: 1rem;
        font-weight: 600;
      }
      label {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        min-height: 44px;
      }
      input {
        width: 1.3rem;
        height: 1.3rem;
        accent-color: var(--accent);
      }
    `,
  ];

  @state() private _alerts = loadCheckinAlerts();

  override render() {
    return html`<fieldset>
      <legend>At check-ins, also</legend>
      <label><input type="checkbox" .checked=${this._alerts.sound} @change=${this._onSound} />play a sound</label>
      ${
        canVibrate()
          ? html`<label><input type="checkbox" .checked=${this._alerts.vibrate} @change=${this._onVibrate} />vibrate the phone</label>`
          : nothing
      }
    </fieldset>`;
  }

  private _onSound(event: Event): void {
    const sound = (event.target as HTMLInputElement).checked;
    // This tap is what lets the page play the check-in's sound later, untouched.
    if (sound) primeSound();
    this._save({ ...this._alerts, sound });
  }

  private _onVibrate(event: Event): void {
    const vibrate = (event.target as HTMLInputElement).checked;
    if (vibrate) vibrateForCheckin();
    this._save({ ...this._alerts, vibrate });
  }

  private _save(alerts: { sound: boolean; vibrate: boolean }): void {
    this._alerts = alerts;
    saveCheckinAlerts(alerts);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-checkin': AppCheckin;
    'app-checkin-alerts': AppCheckinAlerts;
  }
}
