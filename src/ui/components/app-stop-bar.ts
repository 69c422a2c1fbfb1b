import { consume } from '@lit/context';
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DeviceView, SessionPort } from '../../app/ports.js';
import { anyOutputOn } from '../../core/commands.js';
import type { DeviceReport } from '../../core/device-report.js';
import { isActive } from '../../core/session/machine.js';
import type { MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { deviceContext, sessionContext } from '../context.js';
import { base } from '../styles.js';

/**
 * Stop and Symptoms, always on screen, within reach of a thumb. Stop fires on pointer-down (the
 * moment a finger lands, not when it lifts) and on click for keyboards; either one is enough.
 */
@customElement('app-stop-bar')
export class AppStopBar extends LitElement {
  static override styles = [
    base,
    css`
      .bar {
        display: grid;
        /* Stop takes what Symptoms leaves: on a 390 px phone both fit, Stop under the thumb. */
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.6rem;
        max-width: 72rem;
        margin: 0 auto;
        padding: 0.6rem 0.6rem max(0.6rem, env(safe-area-inset-bottom));
      }
      button {
        min-height: 64px;
        font-size: 1.3rem;
        font-weight: 700;
      }
      @media (min-width: 60rem) {
        .bar {
          grid-template-columns: 2fr 1fr;
        }
      }
      /*
       * Same place, size and red whatever is happening, so it is never harder to find; with nothing
       * running it is outlined, and while something runs it is solid (and the line below says so).
       */
      .stop {
        background: var(--surface);
        border: 3px solid var(--danger);
        color: var(--danger-ink);
        letter-spacing: 0.08em;
      }
      .stop[data-running] {
        background: var(--danger);
        color: #fff;
        box-shadow:
          0 0 0 3px var(--surface),
          0 0 0 6px var(--danger);
      }
      .running {
        font-weight: 700;
        color: var(--danger-ink);
      }
      .symptoms {
        border-color: var(--danger);
        color: var(--danger-ink);
        font-size: 1.05rem;
        padding-inline: 0.9rem;
      }
      .hint {
        grid-column: 1 / -1;
        margin: 0;
        font-size: 0.85rem;
        text-align: center;
        color: var(--ink-soft);
      }
      /* A touch screen has no Escape key: one line of hint leaves more room above the bar. */
      @media (pointer: coarse) {
        .keys {
          display: none;
        }
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;

  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _report = new ObserveController<DeviceReport | null>(this, () => this.device?.report$ ?? null, null);
  private _lastPointerStop = -Infinity;

  override render() {
    const report = this._report.value;
    // Running: a session with outputs allowed on, or a massager that says something is on anyway.
    const running = isActive(this._state.value?.session ?? null) || (report !== null && anyOutputOn(report));
    // A landmark of its own, so a screen reader can jump to it from anywhere.
    return html`<div class="bar" role="region" aria-label="Stop controls">
      <button
        class="stop"
        ?data-running=${running}
        aria-keyshortcuts="Escape"
        aria-describedby="stop-state"
        @pointerdown=${this._onPointerDown}
        @click=${this._onClick}
      >
        STOP
      </button>
      <button class="symptoms" @click=${this._onSymptoms}>Symptoms</button>
      <p class="hint">
        <span id="stop-state" class=${running ? 'running' : ''} data-testid="stop-state"
          >${running ? 'Running now.' : 'Nothing running.'}</span
        >
        Symptoms stops, then asks.<span class="keys"> On a keyboard, Escape stops from anywhere.</span>
      </p>
    </div>`;
  }

  private _onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this._lastPointerStop = event.timeStamp;
    this.session?.stop();
  }

  private _onClick(event: MouseEvent): void {
    // The click that follows a pointer-down would only send a second stop frame.
    if (event.timeStamp - this._lastPointerStop < 1000) return;
    this.session?.stop();
  }

  private _onSymptoms(): void {
    this.session?.dispatch({ type: 'symptom', kind: 'button' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-stop-bar': AppStopBar;
  }
}
