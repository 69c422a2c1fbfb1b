import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectPort, DeviceView, SessionPort } from '../../app/ports.js';
import type { ConnectionState, DecodeFailures, DeviceInfo } from '../../app/device-connection.js';
import type { DeviceReport } from '../../core/device-report.js';
import type { DeviceInstruction } from '../../core/protocol/messages.js';
import { isOpen } from '../../core/session/machine.js';
import type { MachineState } from '../../core/session/types.js';
import { ObserveController } from '../controllers/observe.js';
import { connectContext, deviceContext, sessionContext } from '../context.js';
import { base } from '../styles.js';

/**
 * The connection at a glance: which massager, whether it is connected, battery, firmware, heater.
 * During a session the status is clamped to two lines, so however long the massager's name, the
 * running session keeps to one screen.
 */
@customElement('app-device-status')
export class AppDeviceStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        font-size: 0.95rem;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .pair {
        display: flex;
        gap: 0.3rem;
      }
      .state {
        font-weight: 700;
      }
      .state[data-phase='connected'] {
        color: var(--ok-ink);
      }
      /* During a session: one line of status and Disconnect beside it, so the session keeps to one screen. */
      section[data-compact] {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0 0.6rem;
        font-size: 0.85rem;
      }
      section[data-compact] dl {
        display: contents;
      }
      /* The massager's name on its own line; battery, heater and Disconnect share the next. */
      section[data-compact] .name {
        flex: 1 1 100%;
      }
      section[data-compact] .state {
        display: -webkit-box;
        -webkit-box-orient: vertical;
        -webkit-line-clamp: 2;
        overflow: hidden;
      }
      section[data-compact] .name dt,
      section[data-compact] .firmware {
        display: none;
      }
      section[data-compact] button {
        margin-left: auto;
        padding-inline: 0.7rem;
      }
      .state[data-phase='reconnecting'],
      .state[data-phase='lost'] {
        color: var(--danger-ink);
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;
  @consume({ context: connectContext }) @property({ attribute: false }) connect?: ConnectPort;

  private readonly _connection = new ObserveController<ConnectionState>(this, () => this.device?.state$ ?? null, {
    phase: 'disconnected',
  });
  private readonly _battery = new ObserveController<number | null>(this, () => this.device?.battery$ ?? null, null);
  private readonly _info = new ObserveController<DeviceInfo | null>(this, () => this.device?.info$ ?? null, null);
  private readonly _report = new ObserveController<DeviceReport | null>(this, () => this.device?.report$ ?? null, null);
  private readonly _session = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _instruction = new ObserveController<DeviceInstruction | null>(this, () => this.device?.instruction$ ?? null, null);
  private readonly _latchHeld = new ObserveController<boolean>(this, () => this.device?.latchHeld$ ?? null, false);
  private readonly _garbled = new ObserveController<DecodeFailures>(this, () => this.device?.decodeFailures$ ?? null, {
    count: 0,
    consecutive: 0,
    last: null,
  });

  override render() {
    const c = this._connection.value;
    const battery = this._battery.value;
    const report = this._report.value;
    const compact = isOpen(this._session.value?.session ?? null);
    return html`<section aria-label="Massager status" ?data-compact=${compact}>
      <dl>
        <div class="pair name">
          <dt>Massager</dt>
          <dd class="state outside-text" data-phase=${c.phase} data-testid="connection-state">${this._describe(c)}</dd>
        </div>
        ${
          battery !== null
            ? html`<div class="pair">
                <dt>Battery</dt>
                <dd>${battery} %${battery <= 15 ? html` <strong>(low)</strong>` : nothing}</dd>
              </div>`
            : nothing
        }
        ${
          this._info.value?.firmware
            ? html`<div class="pair firmware">
                <dt>Firmware</dt>
                <dd class="outside-text">${this._info.value.firmware}</dd>
              </div>`
            : nothing
        }
        ${
          report?.heaterC != null
            ? html`<div class="pair">
                <dt>Heater</dt>
                <dd>${report.heaterC.toFixed(1)} °C</dd>
              </div>`
            : nothing
        }
        ${
          this._garbled.value.count > 0
            ? html`<div class="pair">
                <dt>Unreadable messages</dt>
                <dd>${this._garbled.value.count}</dd>
              </div>`
            : nothing
        }
      </dl>
      ${
        this._instruction.value === 'unplug-pad'
          ? html`<p class="warn" role="alert" data-testid="unplug-instruction">
              <strong>Unplug the heating pad now.</strong> The massager found its heater heating when it should not, or not following its
              setting, and cannot be sure it can switch it off by itself.
            </p>`
          : nothing
      }
      ${
        c.phase === 'connected' && !compact && this._latchHeld.value
          ? html`<p class="note" data-testid="latch-release">
              The massager holds everything off after its own STOP button or a fault, until you release it here. Releasing switches nothing
              on.
              <button @click=${() => void this.device?.releaseLatches().catch(() => undefined)}>Release the massager’s stop</button>
            </p>`
          : nothing
      }
      ${
        c.phase === 'connected' && !c.profile.limitsEnforcedByDevice
          ? html`<p class="warn" data-testid="limits-notice">
              <strong>This massager cannot enforce limits on its own.</strong> Easeback keeps every limit for it: the time, the levels and
              the heat. Keep this page open while it runs.
            </p>`
          : nothing
      }
      ${
        c.phase === 'connected' || c.phase === 'reconnecting'
          ? html`<button @click=${() => void this.connect?.disconnect()}>Disconnect</button>`
          : nothing
      }
    </section>`;
  }

  private _describe(c: ConnectionState): string {
    switch (c.phase) {
      case 'disconnected':
        return 'Not connected';
      case 'connecting':
        return `Connecting to ${c.name}…`;
      case 'connected':
        return `${c.name} connected${c.kind === 'simulated' ? ' (simulated)' : ''}`;
      case 'reconnecting':
        return `Link lost. Reconnecting to ${c.name} (try ${c.attempt} of ${c.of})…`;
      case 'lost':
        return `${c.name}: ${c.message}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-device-status': AppDeviceStatus;
  }
}
