import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../styles.js';

export interface LevelChange {
  readonly level: number;
}

/**
 * One output's level: a slider for dragging, and − and + for one thumb or a keyboard. It does
 * not decide anything: it reports what was asked for, and shows what the device says back.
 *
 * @fires level-change - the level the person asked for (the session vets it)
 */
@customElement('app-level-control')
export class AppLevelControl extends LitElement {
  static override styles = [
    base,
    css`
      .control {
        display: grid;
        grid-template-columns: 44px 1fr 44px;
        gap: 0.5rem;
        align-items: center;
      }
      /*
       * One scale: the track is the massager's whole range. Filled up to the level, plain up to what
       * this preset allows, hatched beyond it (out of reach in this session).
       */
      input[type='range'] {
        width: 100%;
        height: 44px;
        margin: 0;
        background: transparent;
        appearance: none;
        -webkit-appearance: none;
      }
      input[type='range']::-webkit-slider-runnable-track {
        height: 0.75rem;
        border-radius: 0.4rem;
        border: 1px solid var(--line-strong);
        background:
          linear-gradient(to right, var(--accent) 0 var(--fill), transparent var(--fill)),
          linear-gradient(to right, var(--surface-alt) 0 var(--cap), transparent var(--cap)),
          repeating-linear-gradient(135deg, var(--line-strong) 0 2px, var(--surface) 2px 7px);
      }
      input[type='range']::-webkit-slider-thumb {
        -webkit-appearance: none;
        appearance: none;
        width: 1.7rem;
        height: 1.7rem;
        margin-top: calc(-0.5rem - 1px);
        border-radius: 50%;
        border: 3px solid var(--surface);
        background: var(--accent);
        box-shadow: 0 0 0 1px var(--accent);
      }
      input[type='range']:disabled::-webkit-slider-thumb {
        background: var(--line-strong);
        box-shadow: 0 0 0 1px var(--line-strong);
      }
      .head {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      label {
        font-weight: 700;
      }
      .allow {
        font-size: 0.88rem;
        color: var(--ink-soft);
      }
      .readback {
        font-size: 0.88rem;
        color: var(--ink-soft);
        margin: 0;
        line-height: 1.35;
      }
      button {
        padding: 0;
        font-size: 1.4rem;
        font-weight: 700;
      }
    `,
  ];

  @property() label = '';
  /** Highest level this session allows: the slider's track goes on to `steps`, but its thumb stops here. */
  @property({ type: Number }) max = 0;
  /** The device's own number of steps, to say "3 of 10". */
  @property({ type: Number }) steps = 0;
  @property({ type: Number }) value = 0;
  /** What the device reports, or null before it has said anything. */
  @property({ attribute: false }) reported: number | null = null;
  @property({ attribute: false }) describe: (level: number) => string = (level) =>
    level === 0 ? 'Off' : `Level ${level} of ${this.steps}`;
  @property({ type: Boolean }) disabled = false;
  /** What this session allows, in a few words ("preset: up to 5"): beside the label, the same story as the track. */
  @property() note = '';

  override render() {
    const id = 'range';
    const steps = Math.max(1, this.steps);
    return html`<div class="head">
        <span
          ><label for=${id}>${this.label}</label
          >${this.note ? html` <span class="allow" id="allow" data-testid="level-note">(${this.note})</span>` : nothing}</span
        >
        <span aria-hidden="true" data-testid="level-value">${this.describe(this.value)}</span>
      </div>
      <div class="control">
        <button
          aria-label=${`Lower ${this.label.toLowerCase()}`}
          ?disabled=${this.disabled || this.value <= 0}
          @click=${() => this._emit(this.value - 1)}
        >
          −
        </button>
        <input
          id=${id}
          type="range"
          min="0"
          max=${steps}
          step="1"
          .value=${String(this.value)}
          aria-valuetext=${this.describe(this.value)}
          aria-describedby=${this.note ? 'allow' : nothing}
          ?disabled=${this.disabled}
          @input=${this._onInput}
        />
        <button
          aria-label=${`Raise ${this.label.toLowerCase()}`}
          ?disabled=${this.disabled || this.value >= this.max}
          @click=${() => this._emit(this.value + 1)}
        >
          +
        </button>
      </div>
      <p class="readback">
        ${this.reported === null ? 'Massager has not reported yet.' : html`Massager reports: <strong>${this.describe(this.reported)}</strong>`}
      </p>`;
  }

  override updated(): void {
    // Through the CSSOM, which the page's style-src policy allows (a style attribute it refuses).
    const input = this.renderRoot.querySelector('input');
    if (!input) return;
    const steps = Math.max(1, this.steps);
    const share = (level: number) => `${(100 * Math.max(0, Math.min(level, steps))) / steps}%`;
    input.style.setProperty('--fill', share(this.value));
    // Before a session nothing is out of reach yet: the whole track is plain.
    input.style.setProperty('--cap', this.disabled && this.max === 0 ? '100%' : share(this.max));
  }

  private _onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const level = Number(input.value);
    // The track shows the massager's whole range; past this session's cap the thumb goes back to
    // it (the session would lower the request anyway, and say so).
    if (level > this.max) input.value = String(this.max);
    this._emit(Math.min(level, this.max));
  }

  private _emit(level: number): void {
    this.dispatchEvent(new CustomEvent<LevelChange>('level-change', { detail: { level }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-level-control': AppLevelControl;
  }
  interface HTMLElementEventMap {
    'level-change': CustomEvent<LevelChange>;
  }
}
