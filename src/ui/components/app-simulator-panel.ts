import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SimulatorControls } from '../../app/simulator-port.js';
import type { FirmwareFault } from '../../sim/firmware-base.js';
import type { SimulatorRow } from '../../sim/families/index.js';
import { ObserveController } from '../controllers/observe.js';
import { simulatorContext } from '../context.js';
import { base } from '../styles.js';

/**
 * The simulated massager's own view, and buttons that make it fail the way real hardware can:
 * proof that the firmware rules hold without the page's help.
 */
@customElement('app-simulator-panel')
export class AppSimulatorPanel extends LitElement {
  static override styles = [
    base,
    css`
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 0.8rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      summary {
        min-height: 44px;
        display: flex;
        align-items: center;
        cursor: pointer;
        font-weight: 600;
      }
    `,
  ];

  @consume({ context: simulatorContext }) @property({ attribute: false }) simulator?: SimulatorControls;
  @state() private _rows: readonly SimulatorRow[] | null = null;
  private readonly _active = new ObserveController<boolean>(this, () => this.simulator?.active$ ?? null, false);
  private _timer: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = setInterval(() => (this._rows = this.simulator?.view() ?? null), 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._timer !== null) clearInterval(this._timer);
  }

  override render() {
    const rows = this._rows;
    if (!this._active.value || !rows) return nothing;
    // Each family says what its firmware shows (src/sim/families/): the panel lays the rows out as they come.
    return html`<details class="card">
      <summary>Simulated massager: its own view</summary>
      <dl data-testid="firmware-state">
        ${rows.map(
          (row) =>
            html`<dt>${row.label}</dt>
              <dd data-testid=${row.testId ?? nothing}>${row.value}</dd>`,
        )}
      </dl>
      <p class="muted">Make it fail, and watch it stop by itself:</p>
      <div class="row">
        ${
          this.simulator?.hasButton()
            ? html`<button data-testid="board-stop-button" @click=${() => this.simulator?.pressButton()}>
                Press the board’s STOP button
              </button>`
            : nothing
        }
        <button @click=${() => this.simulator?.dropLink()}>Drop the link</button>
        <button @click=${() => this._inject({ kind: 'heater-runaway' })}>Heater runaway</button>
        <button @click=${() => this._inject({ kind: 'battery', percent: 4 })}>Flat battery</button>
      </div>
    </details>`;
  }

  private _inject(fault: FirmwareFault): void {
    this.simulator?.inject(fault);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-simulator-panel': AppSimulatorPanel;
  }
}
