import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JournalPort, SessionPort } from '../../app/ports.js';
import type { JournalRecord } from '../../core/journal/schema.js';
import type { MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { journalContext, sessionContext } from '../context.js';
import { base } from '../styles.js';
import './app-pain-scale.js';

/** After a session ends: one optional question, how bad the pain is now, kept in the journal. */
@customElement('app-pain-after')
export class AppPainAfter extends LitElement {
  static override styles = [base];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: journalContext }) @property({ attribute: false }) journal?: JournalPort;
  /** Sessions whose question was skipped: it is not asked again. */
  @state() private _skipped = new Set<string>();
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _stored = new ObserveController<JournalRecord | null>(this, () => this.journal?.stored$ ?? null, null);
  private readonly _problem = new ObserveController<string | null>(this, () => this.journal?.problem$ ?? null, null);

  override render() {
    const session = this._state.value?.session;
    if (!session || session.status !== 'ended' || this._skipped.has(session.id)) return nothing;
    if (session.painAfter !== null) {
      // "Kept" only once the store has confirmed the record with this score; until then it is being saved.
      const stored = this._stored.value;
      const kept = stored?.id === session.id && stored.painAfter === session.painAfter;
      const problem = this._problem.value;
      if (!kept && problem) {
        return html`<p class="warn" role="alert" data-testid="pain-after-unsaved">
          Pain after: ${session.painAfter} of 10, not saved. ${problem}
        </p>`;
      }
      return html`<p class="muted" data-testid=${kept ? 'pain-after-saved' : 'pain-after-saving'}>
        Pain after: ${session.painAfter} of 10, ${kept ? 'kept in your history.' : 'saving…'}
      </p>`;
    }
    return html`<app-pain-scale
        name="pain-after"
        legend="How is the pain now, after the session, from 0 (none) to 10 (worst)? Optional"
        @pain-change=${(event: CustomEvent<number>) => this.session?.dispatch({ type: 'pain-after', score: event.detail })}
      ></app-pain-scale>
      <button @click=${() => (this._skipped = new Set([...this._skipped, session.id]))}>Skip this question</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-pain-after': AppPainAfter;
  }
}
