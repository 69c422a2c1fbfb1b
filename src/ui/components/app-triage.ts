import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { SessionPort } from '../../app/ports.js';
import { RED_FLAG_QUESTIONS, triage, type CareAdvice, type RedFlagId, type TriageAnswers } from '../../core/safety/triage.js';
import { sessionContext } from '../context.js';
import { base } from '../styles.js';
import { yesNo, yesNoStyles } from '../yes-no.js';

/**
 * After a symptom stop: everything is already off. Asks the red-flag questions directly (people
 * rarely volunteer numbness around the genitals or bladder changes), then says where to get care.
 *
 * @fires triage-done - the person has read the advice
 */
@customElement('app-triage')
export class AppTriage extends LitElement {
  static override styles = [
    base,
    yesNoStyles,
    css`
      .emergency {
        border: 3px solid var(--danger);
      }
      ol {
        padding-left: 1.3rem;
      }
      li {
        margin: 0.4rem 0;
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  /** Set when the advice has been given and is being shown. */
  @property({ attribute: false }) advice: CareAdvice | null = null;
  @state() private _answers: TriageAnswers = {};
  @query('h2') private _heading?: HTMLElement;

  override firstUpdated(): void {
    this._heading?.focus();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('advice') && this.advice) this._heading?.focus();
  }

  override render() {
    if (this.advice) return this._renderAdvice(this.advice);
    const unanswered = RED_FLAG_QUESTIONS.filter((q) => this._answers[q.id] === undefined).length;
    return html`<section class="card" aria-labelledby="triage-heading">
      <h2 id="triage-heading" tabindex="-1">Everything is off. A few questions</h2>
      <p>Please answer each one. Some symptoms need care quickly, and people often do not mention them unless asked.</p>
      ${RED_FLAG_QUESTIONS.map((q) => yesNo(`flag-${q.id}`, q.question, this._answers[q.id], (yes) => this._answer(q.id, yes)))}
      <button class="primary" ?disabled=${unanswered > 0} @click=${this._submit}>See what to do</button>
      ${unanswered > 0 ? html`<p class="muted">${unanswered} question${unanswered === 1 ? '' : 's'} still to answer.</p>` : nothing}
    </section>`;
  }

  private _renderAdvice(advice: CareAdvice) {
    return html`<section
      class="card ${advice.care === 'emergency' ? 'emergency' : ''}"
      aria-labelledby="care-heading"
      data-care=${advice.care}
    >
      <h2 id="care-heading" tabindex="-1">${advice.heading}</h2>
      <ol>
        ${advice.steps.map((stepText) => html`<li>${stepText}</li>`)}
      </ol>
      <button @click=${() => this.dispatchEvent(new CustomEvent('triage-done', { bubbles: true, composed: true }))}>
        I have read this
      </button>
    </section>`;
  }

  private _answer(id: RedFlagId, yes: boolean): void {
    this._answers = { ...this._answers, [id]: yes };
  }

  private _submit(): void {
    // The engine computes the same advice; this copy is only for what to show next.
    this.advice = triage(this._answers);
    this.session?.dispatch({ type: 'triage', answers: this._answers });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-triage': AppTriage;
  }
  interface HTMLElementEventMap {
    'triage-done': CustomEvent<void>;
  }
}
