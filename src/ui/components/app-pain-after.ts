import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SessionPort } from '../../app/ports.js';
import type { MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { sessionContext } from '../context.js';
import { base } from '../styles.js';
import './app-pain-scale.js';

/** After a session ends: one optional question, how bad the pain is now, kept in the journal. */
@customElement('app-pain-after')
export class AppPainAfter extends LitElement {
  static override styles = [base];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  /** Sessions whose question was skipped: it is not asked again. */
  @state() private _skipped = new Set<string>();
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);

  override render() {
    const session = this._state.value?.session;
    if (!session || session.status !== 'ended' || this._skipped.has(session.id)) return nothing;
    if (session.painAfter !== null) {
      return html`<p class="muted" data-testid="pain-after-saved">Pain after: ${session.painAfter} of 10, kept in your history.</p>`;
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
