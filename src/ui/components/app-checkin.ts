import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AppServices } from '../../app/services.js';
import type { CheckinAnswer, MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { servicesContext } from '../context.js';
import { base } from '../styles.js';

const ANSWERS: readonly { answer: CheckinAnswer; label: string; worse: boolean }[] = [
  { answer: 'same', label: 'Same', worse: false },
  { answer: 'better', label: 'Better', worse: false },
  { answer: 'more-pain', label: 'More pain', worse: true },
  { answer: 'numbness', label: 'Numbness or tingling', worse: true },
  { answer: 'weakness', label: 'Weakness', worse: true },
];

/**
 * The check-in at the preset's interval. It asks without blocking anything: the session runs on
 * and Stop stays within reach. A worse answer stops everything at once.
 */
@customElement('app-checkin')
export class AppCheckin extends LitElement {
  static override styles = [
    base,
    css`
      .answers {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.5rem;
      }
      .worse {
        border-color: var(--danger);
      }
    `,
  ];

  @consume({ context: servicesContext }) @property({ attribute: false }) services?: AppServices;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.services?.session.state$ ?? null, null);

  override render() {
    const session = this._state.value?.session;
    if (!session?.checkinOpen) return nothing;
    return html`<section class="card" role="group" aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">How do you feel now?</h2>
      <p class="muted">Compared with the start of this session. Any worse answer stops everything straight away.</p>
      <div class="answers">
        ${ANSWERS.map(
          ({ answer, label, worse }) =>
            html`<button class=${worse ? 'worse' : ''} @click=${() => this.services?.session.dispatch({ type: 'checkin', answer })}>
              ${label}
            </button>`,
        )}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-checkin': AppCheckin;
  }
}
