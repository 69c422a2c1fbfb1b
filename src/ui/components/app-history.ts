import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JournalPort } from '../../app/ports.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import type { TrendAdvice } from '../../core/journal/trend.js';
import { ObserveController } from '../controllers/observe.js';
import { journalContext } from '../context.js';
import { base } from '../styles.js';
import './app-history-charts.js';
import './app-history-list.js';
import './app-journal-data.js';
import './app-trend-advice.js';

/**
 * The History section (loaded on first visit): what the journal says about the trend, the charts,
 * the list of sessions, and the data tools.
 */
@customElement('app-history')
export class AppHistory extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1rem;
        /* A wide table scrolls inside its own box instead of widening the page on a phone. */
        grid-template-columns: minmax(0, 1fr);
      }
    `,
  ];

  @consume({ context: journalContext }) @property({ attribute: false }) journal?: JournalPort;
  private readonly _records = new ObserveController<readonly JournalRecord[] | null>(this, () => this.journal?.records$ ?? null, null);
  private readonly _advice = new ObserveController<TrendAdvice | null>(this, () => this.journal?.advice$ ?? null, null);
  /** The one-page report for a clinician is open in place of the history. */
  @state() private _report = false;
  private readonly _problem = new ObserveController<string | null>(this, () => this.journal?.problem$ ?? null, null);

  override render() {
    const records = this._records.value;
    if (this._report && records) {
      return html`<app-clinician-report .records=${records} @report-close=${() => (this._report = false)}></app-clinician-report>`;
    }
    return html`<section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <p class="muted">Every session is kept in this browser only: nothing is sent anywhere.</p>
        ${this._problem.value ? html`<p class="warn" role="alert">${this._problem.value}</p>` : nothing}
        ${records === null ? html`<p>Loading…</p>` : nothing}
        ${
          records && records.length > 0 ? html`<p><button @click=${this._openReport}>Report for your physiotherapist</button></p>` : nothing
        }
      </section>
      <app-trend-advice .advice=${this._advice.value}></app-trend-advice>
      ${records && records.length > 0 ? html`<app-history-charts .records=${records} .now=${Date.now()}></app-history-charts>` : nothing}
      ${
        records
          ? html`<section class="card" aria-labelledby="sessions-heading">
              <h3 id="sessions-heading">Sessions</h3>
              <app-history-list .records=${records}></app-history-list>
            </section>`
          : nothing
      }
      <app-journal-data .records=${records ?? []}></app-journal-data>`;
  }

  private _openReport(): void {
    // Loaded on first use: a report is made now and then, not on every visit to History.
    void import('./app-clinician-report.js').then(() => (this._report = true));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-history': AppHistory;
  }
}
