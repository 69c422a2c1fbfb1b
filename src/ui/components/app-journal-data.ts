import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JournalPort } from '../../app/ports.js';
import { toCsv, toJsonExport } from '../../core/journal/export.js';
import { describeImportError, MAX_IMPORT_CHARS, parseJournalExport } from '../../core/journal/parse.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import type { DamagedRecord } from '../../app/store.js';
import { journalContext } from '../context.js';
import { browserOffset } from '../journal-format.js';
import { base } from '../styles.js';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Export (CSV for a clinician, JSON as a backup), import of a JSON export, and delete-all. Files
 * are made in the page and saved through a blob: URL; nothing goes over the network. Delete asks
 * again inline, so nothing ever covers the Stop bar.
 */
@customElement('app-journal-data')
export class AppJournalData extends LitElement {
  static override styles = [
    base,
    css`
      label.file {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 0.5rem 1rem;
        border-radius: 0.6rem;
        border: 2px solid var(--line-strong);
        cursor: pointer;
      }
      label.file:focus-within {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }
      .confirm {
        margin-top: 0.6rem;
      }
      button.destroy {
        background: var(--danger);
        border-color: var(--danger);
        color: #fff;
      }
    `,
  ];

  @consume({ context: journalContext }) @property({ attribute: false }) journal?: JournalPort;
  @property({ attribute: false }) records: readonly JournalRecord[] = [];
  @state() private _message: { readonly error: boolean; readonly text: string } | null = null;
  @state() private _confirming = false;
  /** Stored records that failed their checks when read: kept, shown here, and exportable as they were found. */
  @state() private _damaged: readonly DamagedRecord[] = [];

  override updated(changed: Map<PropertyKey, unknown>): void {
    // Read again with the records: a read of the journal is what sets damaged ones aside.
    if (changed.has('records')) void this.journal?.allDamaged().then((damaged) => (this._damaged = damaged));
  }

  override render() {
    const none = this.records.length === 0;
    return html`<section class="card" aria-labelledby="data-heading">
      <h3 id="data-heading">Your data</h3>
      <p class="muted">
        Kept only in this browser. Export a copy for a clinician (CSV, opens in a spreadsheet) or as a backup (JSON, which Easeback can
        import again).
      </p>
      <div class="row">
        <button ?disabled=${none} @click=${this._exportCsv}>Export CSV</button>
        <button ?disabled=${none} @click=${this._exportJson}>Export JSON</button>
        <label class="file"
          >Import JSON<input class="visually-hidden" type="file" accept=".json,application/json" @change=${this._import}
        /></label>
      </div>
      ${
        this._message
          ? html`<p
              class="${this._message.error ? 'danger' : 'note'} outside-text"
              role=${this._message.error ? 'alert' : 'status'}
              data-testid="data-message"
            >
              ${this._message.text}
            </p>`
          : nothing
      }
      ${
        this._damaged.length > 0
          ? html`<div class="warn" data-testid="damaged-records">
              <p>
                ${plural(this._damaged.length, 'stored record')} could not be read and ${this._damaged.length === 1 ? 'was' : 'were'} set
                aside (kept as found, never used for a session). Easeback took the safe reading: questions asked again, a rest counted.
              </p>
              <button @click=${this._exportDamaged}>Export damaged records</button>
            </div>`
          : nothing
      }
      ${
        this._confirming
          ? html`<div class="danger confirm" role="group" aria-labelledby="delete-question">
              <p id="delete-question">
                Delete all ${plural(this.records.length, 'session')} from this browser? This cannot be undone; export first if you want a
                copy. Only the times of today’s sessions are kept, for one day, so the daily limit and the rest between sessions still hold.
              </p>
              <div class="row">
                <button class="destroy" @click=${this._delete}>Delete all history</button>
                <button @click=${() => (this._confirming = false)}>Keep it</button>
              </div>
            </div>`
          : html`<p><button ?disabled=${none} @click=${() => (this._confirming = true)}>Delete all history…</button></p>`
      }
      <p><button @click=${this._openPrivacy}>How your data is kept</button></p>
    </section>`;
  }

  /** The privacy page (docs/privacy.md, app-privacy): what is kept, where, and how to remove it. */
  private _openPrivacy(): void {
    this.dispatchEvent(new CustomEvent('privacy-open', { bubbles: true, composed: true }));
  }

  private _exportCsv(): void {
    this._download(toCsv(this.records, browserOffset), 'text/csv;charset=utf-8', 'csv');
  }

  private _exportJson(): void {
    this._download(toJsonExport(this.records, Date.now()), 'application/json', 'json');
  }

  private _exportDamaged(): void {
    const text = JSON.stringify(
      { format: 'easeback-damaged-records', exportedAt: new Date().toISOString(), records: this._damaged },
      null,
      2,
    );
    this._download(text, 'application/json', 'json', 'easeback-damaged');
    this._message = { error: false, text: `Exported ${plural(this._damaged.length, 'damaged record')} as JSON.` };
  }

  private _download(text: string, type: string, extension: string, name = 'easeback-history'): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name}-${new Date().toISOString().slice(0, 10)}.${extension}`;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    // The download has its own copy by now; a minute is ample for a slow disk.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this._message = { error: false, text: `Exported ${plural(this.records.length, 'session')} as ${extension.toUpperCase()}.` };
  }

  private async _import(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file may be chosen again after fixing it
    const journal = this.journal;
    if (!file || !journal) return;
    if (file.size > MAX_IMPORT_CHARS) {
      this._message = { error: true, text: 'The file is too large to be an Easeback journal export. Nothing was imported.' };
      return;
    }
    const parsed = parseJournalExport(await file.text());
    if (!parsed.ok) {
      this._message = { error: true, text: describeImportError(parsed.error) };
      return;
    }
    try {
      // Merged by id: a copy here is replaced only by a copy changed later, and the person is told which was which.
      const { added, replaced, skipped, running } = await journal.importRecords(parsed.value);
      const notes = [
        replaced > 0 ? ` Replaced by the file’s newer copy: ${replaced}.` : '',
        skipped > 0 ? ` Kept as they are here (changed as late as the file’s copy, or later): ${skipped}.` : '',
        running > 0 ? ' Left out: the session running now.' : '',
      ].join('');
      this._message = { error: false, text: `Imported ${plural(added + replaced, 'session')} from ${file.name}.${notes}` };
    } catch (error: unknown) {
      const why = error instanceof Error ? error.message : String(error);
      this._message = { error: true, text: `This browser could not store the import (${why}). Nothing was changed.` };
    }
  }

  private async _delete(): Promise<void> {
    this._confirming = false;
    await this.journal?.deleteAll();
    this._message = { error: false, text: 'All history was deleted from this browser.' };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-journal-data': AppJournalData;
  }
}
