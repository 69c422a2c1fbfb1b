import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { clinicianReport, reportDay } from '../../core/journal/report.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import { browserOffset } from '../journal-format.js';
import { base } from '../styles.js';

/**
 * The journal as one printed page for a physiotherapist (core/journal/report.ts has the words).
 * Print or save as PDF goes through the browser's own print dialog: nothing leaves the page. When
 * printed, only this page is shown (the print rules here, in app-root and in index.css).
 *
 * @fires report-close - back to the history view
 */
@customElement('app-clinician-report')
export class AppClinicianReport extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-width: 0;
      }
      h2:focus {
        outline: none;
      }
      table {
        border-collapse: collapse;
        /* Fixed: the columns share the width a phone has, and long cells wrap instead of widening the page. */
        table-layout: fixed;
        width: 100%;
        font-size: 0.9rem;
        overflow-wrap: anywhere;
      }
      th,
      td {
        text-align: left;
        padding: 0.25rem 0.4rem;
        border-bottom: 1px solid var(--line);
        vertical-align: top;
      }
      .table {
        overflow-x: auto;
      }
      ul {
        padding-left: 1.2rem;
        margin: 0.3rem 0;
      }
      li {
        margin-bottom: 0.25rem;
      }
      .meta {
        font-size: 0.9rem;
      }
      @media print {
        :host {
          font-size: 10pt;
          line-height: 1.35;
        }
        .card {
          border: none;
          padding: 0;
        }
        .actions {
          display: none;
        }
        h2 {
          font-size: 15pt;
        }
        h3 {
          font-size: 11.5pt;
          margin: 0.7rem 0 0.2rem;
        }
        table {
          font-size: 9pt;
        }
        tr {
          break-inside: avoid;
        }
      }
    `,
  ];

  @property({ attribute: false }) records: readonly JournalRecord[] = [];
  /** When the report is made: passed in so that a picture or a test can fix it. */
  @property({ attribute: false }) now = Date.now();
  @query('h2') private _heading?: HTMLElement;

  override firstUpdated(): void {
    this._heading?.focus();
  }

  override render() {
    const report = clinicianReport(this.records, this.now, browserOffset);
    return html`<article class="card" aria-labelledby="report-heading">
      <div class="row actions">
        <button class="primary" @click=${() => window.print()}>Print or save as PDF</button>
        <button @click=${this._close}>Back to history</button>
      </div>
      <h2 id="report-heading" tabindex="-1">Massager sessions and symptoms: a summary for a clinician</h2>
      <p class="meta muted">
        Kept by the patient in Easeback, an app that runs a back massager for comfort beside exercise and care; it is not a treatment. Pain
        scores are self-rated from 0 (none) to 10 (worst). Made on ${reportDay(this.now, browserOffset)}.
      </p>
      <p><strong>${report.period}</strong> ${report.endings}</p>

      <h3>Pain trend</h3>
      <ul>
        ${report.painTrend.map((line) => html`<li>${line}</li>`)}
      </ul>

      <h3>Sessions, latest first</h3>
      ${
        report.sessions.length === 0
          ? html`<p>None yet.</p>`
          : html`<div class="table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Preset</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Pain before → after</th>
                    <th scope="col">Ended</th>
                  </tr>
                </thead>
                <tbody>
                  ${report.sessions.map(
                    (row) =>
                      html`<tr data-testid="report-session">
                        <td>${row.when}</td>
                        <td>${row.preset}</td>
                        <td>${row.minutes}</td>
                        <td>${row.pain}</td>
                        <td>${row.ended}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      ${
        report.sessionsNotListed > 0
          ? html`<p class="muted">${report.sessionsNotListed} earlier sessions are not listed here; the CSV export has every one.</p>`
          : nothing
      }

      <h3>Symptom stops and red-flag questions</h3>
      ${
        report.stops.length === 0
          ? html`<p>No session was stopped for symptoms.</p>`
          : html`<ul>
              ${report.stops.map((stop) => html`<li data-testid="report-stop"><strong>${stop.when}.</strong> ${stop.what} ${stop.outcome}</li>`)}
            </ul>`
      }
      ${
        report.stopsNotListed > 0
          ? html`<p class="muted">${report.stopsNotListed} earlier symptom stops are in the CSV export.</p>`
          : nothing
      }
    </article>`;
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('report-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-clinician-report': AppClinicianReport;
  }
}
