import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeFinding, type TrendAdvice } from '../../core/journal/trend.js';
import { base } from '../styles.js';

/** "See a doctor or physical therapist", with what the journal showed, in numbers. */
@customElement('app-trend-advice')
export class AppTrendAdvice extends LitElement {
  static override styles = [
    base,
    css`
      ul {
        padding-left: 1.3rem;
        margin: 0.3rem 0;
      }
    `,
  ];

  @property({ attribute: false }) advice: TrendAdvice | null = null;

  override render() {
    const advice = this.advice;
    if (!advice) return nothing;
    return html`<section class="warn" aria-labelledby="trend-heading" data-testid="trend-advice">
      <h2 id="trend-heading">Time to see a doctor or physical therapist</h2>
      <p>Your history shows:</p>
      <ul>
        ${advice.findings.map((finding) => html`<li>${describeFinding(finding)}</li>`)}
      </ul>
      <p>
        Pain that does not get better over a few weeks, gets worse, or keeps bringing symptoms deserves a proper look at its cause. Book an
        appointment, and take your history with you: History has a CSV export for a clinician.
      </p>
      <p>Get emergency care at once for numbness around the genitals or anus, trouble peeing, or weakness in both legs.</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-trend-advice': AppTrendAdvice;
  }
}
