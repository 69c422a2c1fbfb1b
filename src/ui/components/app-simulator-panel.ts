import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AppServices } from '../../app/services.js';
import type { SimulatedMassager } from '../../sim/firmware-for.js';
import type { FirmwareFault, FirmwareSnapshot } from '../../sim/open-massager-firmware.js';
import type { UartFirmwareSnapshot } from '../../sim/uart-massager-firmware.js';
import { ObserveController } from '../controllers/observe.js';
import { servicesContext } from '../context.js';
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

  @consume({ context: servicesContext }) @property({ attribute: false }) services?: AppServices;
  @state() private _snapshot: FirmwareSnapshot | UartFirmwareSnapshot | null = null;
  private readonly _firmware = new ObserveController<SimulatedMassager | null>(this, () => this.services?.simulator$ ?? null, null);
  private _timer: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = setInterval(() => (this._snapshot = this._firmware.value?.snapshot() ?? null), 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._timer !== null) clearInterval(this._timer);
  }

  override render() {
    const firmware = this._firmware.value;
    const s = this._snapshot;
    if (!firmware || !s) return nothing;
    return html`<details class="card">
      <summary>Simulated massager: its own view</summary>
      ${'armed' in s ? this._openState(s) : this._uartState(s)}
      <p class="muted">Make it fail, and watch it stop by itself:</p>
      <div class="row">
        <button @click=${() => this.services?.device.link?.disconnect()}>Drop the link</button>
        <button @click=${() => this._inject({ kind: 'heater-runaway' })}>Heater runaway</button>
        <button @click=${() => this._inject({ kind: 'battery', percent: 4 })}>Flat battery</button>
      </div>
    </details>`;
  }

  private _openState(s: FirmwareSnapshot) {
    return html`<dl data-testid="firmware-state">
      <dt>Session armed</dt>
      <dd>${s.armed ? 'yes' : 'no'}</dd>
      <dt>Vibration</dt>
      <dd data-testid="fw-vibration">${s.vibration}</dd>
      <dt>Kneading</dt>
      <dd data-testid="fw-kneading">${s.kneading} (${s.direction === 0 ? 'clockwise' : 'counterclockwise'})</dd>
      <dt>Heat level</dt>
      <dd data-testid="fw-heat">${s.heat}</dd>
      ${this._common(s)}
    </dl>`;
  }

  /** The text-line massager keeps no session and no limits: only its outputs and its watchdog. */
  private _uartState(s: UartFirmwareSnapshot) {
    return html`<dl data-testid="firmware-state">
      <dt>Vibration</dt>
      <dd data-testid="fw-vibration">${s.vibration}</dd>
      <dt>Heat setpoint</dt>
      <dd data-testid="fw-heat">${s.heat === 0 ? 'off' : `${s.heat} °C`}</dd>
      <dt>Last line heard</dt>
      <dd>${s.linesHeard.at(-1) ?? 'none'}</dd>
      ${this._common(s)}
    </dl>`;
  }

  private _common(s: FirmwareSnapshot | UartFirmwareSnapshot) {
    const watchdog = 'lastStopWasWatchdog' in s && s.lastStopWasWatchdog;
    return html`<dt>Heater</dt>
      <dd>${s.heaterC.toFixed(1)} °C ${s.heaterEnergized ? '(heating)' : ''}</dd>
      <dt>Battery</dt>
      <dd>${s.batteryPercent} %</dd>
      <dt>Last stop</dt>
      <dd>${watchdog ? 'watchdog' : s.lastStop}</dd>`;
  }

  private _inject(fault: FirmwareFault): void {
    this._firmware.value?.inject(fault);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-simulator-panel': AppSimulatorPanel;
  }
}
