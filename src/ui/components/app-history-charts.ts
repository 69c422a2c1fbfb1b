import { html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import { END_REASON_LABEL } from '../../core/journal/labels.js';
import { painPoints, sessionsPerDay, stopsByReason } from '../../core/journal/summary.js';
import { GLOBAL_CAPS } from '../../core/safety/caps.js';
import { chartStyles } from '../chart-styles.js';
import { browserOffset, dayStart, shortDate } from '../journal-format.js';
import { base } from '../styles.js';
import './app-pain-chart.js';

/** Narrow enough that text stays legible when a phone scales the chart down. */
const W = 420;
const PAD = { left: 34, right: 14, top: 10, bottom: 26 };
const DAYS_SHOWN = 28;

/** Pain before and after over the weeks, sessions per day, and how sessions ended: as SVG. */
@customElement('app-history-charts')
export class AppHistoryCharts extends LitElement {
  static override styles = [base, chartStyles];

  @property({ attribute: false }) records: readonly JournalRecord[] = [];
  @property({ attribute: false }) now = 0;

  override render() {
    return html`<section class="card" aria-labelledby="pain-chart-heading">
        <h3 id="pain-chart-heading">Pain before and after sessions</h3>
        <app-pain-chart .points=${painPoints(this.records)}></app-pain-chart>
      </section>
      <section class="card" aria-labelledby="per-day-heading">
        <h3 id="per-day-heading">Sessions per day, last four weeks</h3>
        ${this._perDay()}
      </section>
      <section class="card" aria-labelledby="stops-heading">
        <h3 id="stops-heading">How sessions ended</h3>
        ${this._stops()}
      </section>`;
  }

  private _perDay() {
    const days = sessionsPerDay(this.records, this.now, DAYS_SHOWN, browserOffset);
    const cap = GLOBAL_CAPS.sessionsPerDay.value;
    const top = Math.max(cap, ...days.map((d) => d.count));
    const H = 120;
    const slot = (W - PAD.left - PAD.right) / days.length;
    const y = (count: number) => PAD.top + (1 - count / top) * (H - PAD.top - PAD.bottom);
    const total = days.reduce((sum, d) => sum + d.count, 0);
    return html`<svg
        viewBox="0 0 ${W} ${H}"
        role="img"
        aria-label=${`${total} sessions in the last ${DAYS_SHOWN} days; the most in one day was ${Math.max(0, ...days.map((d) => d.count))}.`}
      >
        <line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${y(0)} y2=${y(0)}></line>
        <line class="cap" x1=${PAD.left} x2=${W - PAD.right} y1=${y(cap)} y2=${y(cap)}></line>
        <text class="axis" x=${PAD.left - 6} y=${y(cap) + 4} text-anchor="end">${cap}</text>
        <text class="axis" x=${PAD.left - 6} y=${y(0) + 4} text-anchor="end">0</text>
        ${days.map(
          (
            d,
            i,
          ) => svg`${d.count > 0 ? svg`<rect class="bar" data-testid="day-bar" x=${PAD.left + i * slot + 2} width=${slot - 4} y=${y(d.count)} height=${y(0) - y(d.count)}><title>${shortDate(dayStart(d.day))}: ${d.count}</title></rect>` : nothing}
          ${(days.length - 1 - i) % 7 === 0 ? svg`<text class="axis" x=${PAD.left + (i + 0.5) * slot} y=${H - 8} text-anchor="middle">${shortDate(dayStart(d.day))}</text>` : nothing}`,
        )}
      </svg>
      <p class="muted">The dashed line is the daily limit of ${cap} sessions.</p>`;
  }

  private _stops() {
    const stops = stopsByReason(this.records);
    if (stops.length === 0) return html`<p class="muted">No finished sessions yet.</p>`;
    const row = 28;
    const H = stops.length * row + 6;
    const most = Math.max(...stops.map((s) => s.count));
    const barStart = 175;
    const barWidth = (count: number) => (count / most) * (W - barStart - 40);
    return html`<svg
      viewBox="0 0 ${W} ${H}"
      role="img"
      aria-label=${stops.map((s) => `${END_REASON_LABEL[s.reason]}: ${s.count}`).join('; ')}
    >
      ${stops.map(
        (s, i) => svg`<text class="label" x="0" y=${i * row + 19}>${END_REASON_LABEL[s.reason]}</text>
          <rect class="bar" x=${barStart} y=${i * row + 5} width=${barWidth(s.count)} height=${row - 10}></rect>
          <text class="label" data-testid="stop-count" x=${barStart + barWidth(s.count) + 6} y=${i * row + 19}>${s.count}</text>`,
      )}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-history-charts': AppHistoryCharts;
  }
}
