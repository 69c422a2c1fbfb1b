import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConnectPort, DeviceView, ProfilesPort } from '../../app/ports.js';
import type { ConnectionState } from '../../app/device-connection.js';
import type { DeviceProfile } from '../../core/profile/types.js';
import type { BluetoothSupport } from '../../transport/support.js';
import { ObserveController } from '../controllers/observe.js';
import { connectContext, deviceContext, profilesContext } from '../context.js';
import { base } from '../styles.js';
import './app-device-profiles.js';
import './app-simulator-panel.js';

/**
 * Material for developers and for massagers Easeback does not know yet, folded away at the end of
 * the session screen: the Linux browser setting (only on Linux without it), the profile importer
 * (before connecting) and the simulated massager's own view (while it is connected). Loaded on
 * demand. It opens by itself for someone who has imported a profile: their list matters to them.
 */
@customElement('app-advanced')
export class AppAdvanced extends LitElement {
  static override styles = [
    base,
    css`
      summary {
        min-height: 44px;
        display: flex;
        align-items: center;
        cursor: pointer;
        font-weight: 600;
      }
      .parts {
        display: grid;
        /* A grid column is as wide as its widest word or file picker unless told otherwise: never wider than the card. */
        grid-template-columns: minmax(0, 1fr);
        gap: 0.8rem;
      }
      ol {
        padding-left: 1.4rem;
      }
      code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;
  @consume({ context: connectContext }) @property({ attribute: false }) connect?: ConnectPort;
  @consume({ context: profilesContext }) @property({ attribute: false }) profiles?: ProfilesPort;
  /** Connected, or restoring a link: the importer is for before connecting. */
  @property({ type: Boolean }) linked = false;
  /** The person's own choice to open or close it, once made. */
  @state() private _open: boolean | null = null;

  private readonly _support = new ObserveController<BluetoothSupport | null>(this, () => this.connect?.support$ ?? null, null);
  private readonly _imported = new ObserveController<readonly DeviceProfile[]>(this, () => this.profiles?.imported$ ?? null, []);
  private readonly _connection = new ObserveController<ConnectionState>(this, () => this.device?.state$ ?? null, {
    phase: 'disconnected',
  });

  override render() {
    const connection = this._connection.value;
    const simulated = connection.phase === 'connected' && connection.kind === 'simulated';
    if (this.linked && !simulated) return nothing;
    const linux = this._support.value?.kind === 'linux-flag';
    const open = this._open ?? this._imported.value.length > 0;
    return html`<details class="card" ?open=${open} @toggle=${this._onToggle}>
      <summary>Advanced</summary>
      <div class="parts">
        <p class="muted">For developers, and for a massager Easeback does not know yet.</p>
        ${linux ? this._linuxSteps() : nothing} ${this.linked ? nothing : html`<app-device-profiles></app-device-profiles>`}
        ${simulated ? html`<app-simulator-panel></app-simulator-panel>` : nothing}
      </div>
    </details>`;
  }

  /** Chrome on Linux ships Web Bluetooth switched off for pages; this flag switches it on. */
  private _linuxSteps() {
    return html`<section class="note" aria-labelledby="linux-heading" data-testid="linux-flag-steps">
      <h3 id="linux-heading">Bluetooth in Chrome on Linux</h3>
      <p>Chrome on Linux keeps Bluetooth switched off for web pages until you turn it on:</p>
      <ol>
        <li>
          Type <code>chrome://flags/#enable-experimental-web-platform-features</code> into the address bar (a page cannot open it for you).
        </li>
        <li>Set <strong>Experimental Web Platform features</strong> to <strong>Enabled</strong>.</li>
        <li>Press <strong>Relaunch</strong>, then come back to this page.</li>
      </ol>
    </section>`;
  }

  private _onToggle(event: Event): void {
    this._open = (event.target as HTMLDetailsElement).open;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-advanced': AppAdvanced;
  }
}
