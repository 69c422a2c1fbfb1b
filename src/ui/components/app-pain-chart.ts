import { html, LitElement, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localDay, type PainPoint } from '../../core/journal/summary.js';
import { chartStyles } from '../chart-styles.js';
import { browserOffset, dayStart, shortDate } from '../journal-format.js';
import { base } from '../styles.js';

const DAY = 24 * 60 * 60_000;
/** Narrow enough that text stays legible when a phone scales the chart down. */
const W = 420;
const PAD = { left: 34, right: 14, top: 10, bottom: 26 };

/**
 * Pain before (solid) and after (dashed) each session, 0 to 10, over at least a week, with the
 * weeks marked. Each point has a tooltip; the history list below holds the same numbers as text.
 */
@customElement('app-pain-chart')
export class AppPainChart extends LitElement {
  static override styles = [base, chartStyles];

  @property({ attribute: false }) points: readonly PainPoint[] = [];

  override render() {
    const points = this.points;
    const last = points.at(-1);
    const first = points[0];
    if (!first || !last) return html`<p class="muted">No pain scores yet. Answer the 0 to 10 question before and after a session.</p>`;
    const H = 180;
    const t0 = Math.min(first.at, last.at - 7 * DAY) - DAY / 2;
    const t1 = last.at + DAY / 2;
    const x = (at: number) => PAD.left + ((at - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
    const y = (pain: number) => PAD.top + (1 - pain / 10) * (H - PAD.top - PAD.bottom);
    const weekTicks: number[] = [];
    for (let day = localDay(last.at, browserOffset); dayStart(day) >= t0; day -= 7) weekTicks.push(dayStart(day));
    const line = (pick: (p: PainPoint) => number | null) =>
      points.flatMap((p) => (pick(p) === null ? [] : [`${x(p.at).toFixed(1)},${y(pick(p) ?? 0).toFixed(1)}`])).join(' ');
    const before = points.filter((p) => p.before !== null);
    const after = points.filter((p) => p.after !== null);
    return html`<svg
        viewBox="0 0 ${W} ${H}"
        role="img"
        aria-label=${`Pain scores from ${shortDate(first.at)} to ${shortDate(last.at)}: ${before.length} before and ${after.length} after sessions, on a scale of 0 to 10.`}
      >
        ${[0, 2, 4, 6, 8, 10].map(
          (pain) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${y(pain)} y2=${y(pain)}></line>
            <text class="axis" x=${PAD.left - 6} y=${y(pain) + 4} text-anchor="end">${pain}</text>`,
        )}
        ${weekTicks.map((at) => svg`<text class="axis" x=${x(at)} y=${H - 8} text-anchor="middle">${shortDate(at)}</text>`)}
        <polyline class="line-before" points=${line((p) => p.before)}></polyline>
        <polyline class="line-after" points=${line((p) => p.after)}></polyline>
        ${before.map(
          (p) =>
            svg`<circle class="before" data-testid="pain-before-point" cx=${x(p.at)} cy=${y(p.before ?? 0)} r="4.5"><title>${shortDate(p.at)}: ${p.before} before</title></circle>`,
        )}
        ${after.map(
          (p) =>
            svg`<circle class="after" data-testid="pain-after-point" cx=${x(p.at)} cy=${y(p.after ?? 0)} r="4.5"><title>${shortDate(p.at)}: ${p.after} after</title></circle>`,
        )}
      </svg>
      <p class="key muted" aria-hidden="true"><span>● solid line: pain before</span><span>○ dashed line: pain after</span></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-pain-chart': AppPainChart;
  }
}
