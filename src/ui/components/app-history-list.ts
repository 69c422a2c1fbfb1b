import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { END_REASON_LABEL } from '../../core/journal/labels.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import { presetById } from '../../core/safety/presets.js';
import { dateAndTime } from '../journal-format.js';
import { base } from '../styles.js';

/** Rows beyond this are in the exports: a long table helps nobody on a phone. */
const SHOWN = 100;

/** The sessions, newest first: when, which preset, how long, pain before and after, how it ended. */
@customElement('app-history-list')
export class AppHistoryList extends LitElement {
  static override styles = [
    base,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--line);
        vertical-align: top;
      }
      td.num {
        font-variant-numeric: tabular-nums;
      }
      .ended-badly {
        color: var(--danger-ink);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) records: readonly JournalRecord[] = [];

  override render() {
    const newest = [...this.records].sort((a, b) => b.startedAt - a.startedAt);
    if (newest.length === 0) return html`<p class="muted">No sessions yet. Each session you run is kept here.</p>`;
    // On a narrow phone the table scrolls sideways in here (never the page): reachable by keyboard.
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Sessions, newest first">
        <table>
          <caption class="visually-hidden">
            Sessions, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Preset</th>
              <th scope="col">Minutes</th>
              <th scope="col">Pain before → after</th>
              <th scope="col">How it ended</th>
            </tr>
          </thead>
          <tbody>
            ${newest.slice(0, SHOWN).map((r) => this._row(r))}
          </tbody>
        </table>
      </div>
      ${newest.length > SHOWN ? html`<p class="muted">Showing the latest ${SHOWN} of ${newest.length}. The exports hold them all.</p>` : nothing}`;
  }

  private _row(r: JournalRecord) {
    const pain = (score: number | null) => (score === null ? '–' : String(score));
    const badly = r.endReason === 'symptom' || r.endReason === 'fault';
    return html`<tr data-testid="history-row" data-session=${r.id}>
      <td>${dateAndTime(r.startedAt)}</td>
      <td>${presetById(r.presetId).name}</td>
      <td class="num">${(r.activeMs / 60_000).toFixed(1)}</td>
      <td class="num" data-testid="history-pain">${pain(r.painBefore)} → ${pain(r.painAfter)}</td>
      <td class=${badly ? 'ended-badly' : ''} data-testid="history-ended">
        ${r.endReason ? END_REASON_LABEL[r.endReason] : 'Running now'}
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-history-list': AppHistoryList;
  }
}
