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
      input[type='range'] {
        width: 100%;
        height: 44px;
        accent-color: var(--accent);
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
      .readback {
        font-size: 0.92rem;
        color: var(--ink-soft);
      }
      button {
        padding: 0;
        font-size: 1.4rem;
        font-weight: 700;
      }
    `,
  ];

  @property() label = '';
  /** Highest level this session allows (the slider stops here). */
  @property({ type: Number }) max = 0;
  /** The device's own number of steps, to say "3 of 10". */
  @property({ type: Number }) steps = 0;
  @property({ type: Number }) value = 0;
  /** What the device reports, or null before it has said anything. */
  @property({ attribute: false }) reported: number | null = null;
  @property({ attribute: false }) describe: (level: number) => string = (level) =>
    level === 0 ? 'Off' : `Level ${level} of ${this.steps}`;
  @property({ type: Boolean }) disabled = false;
  @property() note = '';

  override render() {
    const id = 'range';
    return html`<div class="head">
        <label for=${id}>${this.label}</label>
        <span aria-hidden="true">${this.describe(this.value)}</span>
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
          max=${this.max}
          step="1"
          .value=${String(this.value)}
          aria-valuetext=${this.describe(this.value)}
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
        ${this.note ? html`<br /><span>${this.note}</span>` : nothing}
      </p>`;
  }

  private _onInput(event: Event): void {
    this._emit(Number((event.target as HTMLInputElement).value));
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
