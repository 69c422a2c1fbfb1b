import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../styles.js';

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * A 0-10 pain score as eleven real radio buttons (arrow keys move between them), drawn as a row
 * of large targets. Answering is optional: nothing waits for it.
 *
 * @fires pain-change - detail: the score chosen
 */
@customElement('app-pain-scale')
export class AppPainScale extends LitElement {
  static override styles = [
    base,
    css`
      fieldset {
        border: 1px solid var(--line);
        border-radius: 0.7rem;
        padding: 0.4rem 0.7rem 0.5rem;
        margin: 0.4rem 0;
      }
      legend {
        padding: 0 0.3rem;
        font-weight: 600;
      }
      .scores {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(2.75rem, 1fr));
        gap: 0.3rem;
      }
      label {
        position: relative;
        display: grid;
        place-items: center;
        min-height: 44px;
        border: 2px solid var(--line-strong);
        border-radius: 0.5rem;
        cursor: pointer;
        font-variant-numeric: tabular-nums;
      }
      input {
        position: absolute;
        opacity: 0;
        inset: 0;
        margin: 0;
        cursor: pointer;
      }
      label:has(input:checked) {
        background: var(--accent);
        border-color: var(--accent);
        color: var(--on-accent);
        font-weight: 700;
      }
      label:has(input:focus-visible) {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }
      .ends {
        display: flex;
        justify-content: space-between;
        font-size: 0.85rem;
        margin: 0.2rem 0 0;
      }
    `,
  ];

  /** The question, read out as the group's name. */
  @property() legend = 'Pain right now';
  /** Radio group name: unique per question on the page. */
  @property() name = 'pain';
  @property({ attribute: false }) value: number | null = null;

  override render() {
    return html`<fieldset>
      <legend>${this.legend}</legend>
      <div class="scores">
        ${SCORES.map(
          (score) =>
            html`<label
              ><input type="radio" name=${this.name} .checked=${this.value === score} @change=${() => this._choose(score)} />${score}</label
            >`,
        )}
      </div>
      <p class="ends muted" aria-hidden="true"><span>0 = no pain</span><span>10 = worst imaginable</span></p>
    </fieldset>`;
  }

  private _choose(score: number): void {
    this.value = score;
    this.dispatchEvent(new CustomEvent('pain-change', { detail: score, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-pain-scale': AppPainScale;
  }
  interface HTMLElementEventMap {
    'pain-change': CustomEvent<number>;
  }
}
