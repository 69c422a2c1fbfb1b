import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ScreeningPort } from '../../app/ports.js';
import { restrictionsFor, SCREENING_QUESTIONS, type ScreeningAnswers, type ScreeningQuestionId } from '../../core/safety/screening.js';
import { screeningContext } from '../context.js';
import { base } from '../styles.js';
import { yesNo, yesNoStyles } from '../yes-no.js';

/**
 * Questions drawn per task on the first drawing (a judgment: about what a slow phone lays out in
 * well under the 50 ms that counts as a long task).
 */
const QUESTIONS_PER_TASK = 4;

/**
 * The safety questions, before first use and whenever the person wants to change an answer.
 * Answers narrow what is offered; they never leave this browser.
 *
 * @fires screening-done - the answers were saved
 */
@customElement('app-screening')
export class AppScreening extends LitElement {
  static override styles = [
    base,
    yesNoStyles,
    css`
      .yes-no {
        content-visibility: auto;
        contain-intrinsic-size: auto 8rem;
      }
      .cleared {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 44px;
        margin: -0.3rem 0 0.8rem 0.8rem;
      }
      .cleared input {
        width: 1.3rem;
        height: 1.3rem;
      }
      ul {
        padding-left: 1.2rem;
      }
    `,
  ];

  @consume({ context: screeningContext }) @property({ attribute: false }) screening?: ScreeningPort;
  @property({ attribute: false }) initial: ScreeningAnswers | null = null;
  /**
   * Whether the heading takes focus when the questions are drawn: yes when the person opened
   * them; no on a first visit, where the page opens at its top, on the welcome above.
   */
  @property({ attribute: false }) takeFocus = true;
  @state() private _answers: Partial<Record<ScreeningQuestionId, boolean>> = {};
  @state() private _cleared = false;
  /** How many questions are drawn: all of them a few tasks after the first drawing. */
  @state() private _drawn = QUESTIONS_PER_TASK;
  @query('h2') private _heading?: HTMLElement;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.initial) {
      this._answers = { ...this.initial.answers };
      this._cleared = this.initial.clotClearedByClinician;
    }
  }

  /**
   * The first drawing waits for a task of its own, and the questions come a few at a time, each
   * few in a task of its own (updated, below): on a first visit the welcome above is drawn in one
   * task and the questions over the next ones, so none is a long task on a slow phone
   * (Lighthouse's total blocking time; issue 13). Save, and what the answers mean, come with the
   * last of them. Nothing here can start anything, so nothing waits on it.
   */
  protected override async scheduleUpdate(): Promise<unknown> {
    if (!this.hasUpdated) await new Promise((resolve) => setTimeout(resolve, 0));
    return super.scheduleUpdate();
  }

  override firstUpdated(): void {
    // In the next frame, not now: focus forces a layout, and here it would lengthen the task that
    // drew the questions (a long task on a slow phone). The frame lays the page out anyway.
    if (this.takeFocus) requestAnimationFrame(() => this._heading?.focus());
  }

  override updated(changed: PropertyValues): void {
    // The next few in a task of their own: set here, they would be drawn in this same task.
    if (changed.has('_drawn') && this._drawn < SCREENING_QUESTIONS.length) {
      setTimeout(() => (this._drawn += QUESTIONS_PER_TASK), 0);
    }
  }

  override render() {
    const allDrawn = this._drawn >= SCREENING_QUESTIONS.length;
    const complete = SCREENING_QUESTIONS.every((q) => this._answers[q.id] !== undefined);
    const preview = complete && allDrawn ? restrictionsFor(this._toAnswers(0)) : null;
    return html`<section class="card" aria-labelledby="screening-heading">
      <h2 id="screening-heading" tabindex="-1">Before you start: safety questions</h2>
      <p>
        Easeback is a comfort tool to use alongside exercise and professional care. It does not treat the cause of sciatica. These questions
        decide which settings are safe to offer you. Your answers stay in this browser.
      </p>
      ${SCREENING_QUESTIONS.slice(0, this._drawn).map(
        (q) =>
          html`${yesNo(`screen-${q.id}`, q.question, this._answers[q.id], (yes) => (this._answers = { ...this._answers, [q.id]: yes }))}
          ${
            q.id === 'clot' && this._answers.clot
              ? html`<label class="cleared"
                  ><input
                    type="checkbox"
                    .checked=${this._cleared}
                    @change=${(e: Event) => (this._cleared = (e.target as HTMLInputElement).checked)}
                  />A clinician has told me massage is safe for me now</label
                >`
              : nothing
          }`,
      )}
      ${preview ? this._renderPreview(preview) : nothing}
      ${allDrawn ? html`<button class="primary" ?disabled=${!complete} @click=${this._save}>Save answers</button>` : nothing}
    </section>`;
  }

  private _renderPreview(preview: ReturnType<typeof restrictionsFor>) {
    const advice = SCREENING_QUESTIONS.filter((q) => this._answers[q.id]).map((q) => q.advice);
    if (advice.length === 0) return html`<p class="note">Nothing in your answers limits the presets.</p>`;
    return html`<div class=${preview.blocked.length > 0 ? 'danger' : 'warn'} role="status">
      <p><strong>${preview.blocked.length > 0 ? 'Easeback stays off for now.' : 'Some settings are limited for you.'}</strong></p>
      <ul>
        ${advice.map((text) => html`<li>${text}</li>`)}
      </ul>
    </div>`;
  }

  private _toAnswers(at: number): ScreeningAnswers {
    const answers = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.id, this._answers[q.id] === true])) as Record<
      ScreeningQuestionId,
      boolean
    >;
    return { answers, clotClearedByClinician: answers.clot && this._cleared, answeredAt: at };
  }

  private async _save(): Promise<void> {
    await this.screening?.saveScreening(this._toAnswers(Date.now()));
    this.dispatchEvent(new CustomEvent('screening-done', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-screening': AppScreening;
  }
  interface HTMLElementEventMap {
    'screening-done': CustomEvent<void>;
  }
}
