import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConnectPort } from '../../app/ports.js';
import type { DeviceProfile } from '../../core/profile/types.js';
import type { BluetoothSupport } from '../../transport/support.js';
import { ObserveController } from '../controllers/observe.js';
import { connectContext } from '../context.js';
import { base } from '../styles.js';
import './app-welcome.js';

/** The help pages the connect panel links to (app-help). */
export type HelpTopic = 'massagers' | 'pairing';

type Outcome = { tone: 'note' | 'warn' | 'danger'; text: string } | null;

/**
 * Choosing a massager, as two paths: the simulated one always, a Bluetooth one where the browser
 * can. Loaded on demand (app-root): it is not needed before the safety questions are answered.
 *
 * @fires help-open - the person asked for a help page (detail: which one)
 */
@customElement('app-connect-panel')
export class AppConnectPanel extends LitElement {
  static override styles = [
    base,
    css`
      /* minmax(0, …): a long device name in the select never widens a column past a small phone. */
      .paths {
        display: grid;
        gap: 1rem;
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 40rem) {
        .paths {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        }
      }
      .path {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.6rem;
        align-content: start;
        border-top: 1px solid var(--line);
        padding-top: 0.4rem;
      }
      .path h3 {
        margin: 0.4rem 0 0;
      }
      select {
        min-height: 44px;
        font: inherit;
        margin-left: 0.4rem;
        max-width: calc(100% - 0.4rem);
      }
    `,
  ];

  @consume({ context: connectContext }) @property({ attribute: false }) connect?: ConnectPort;
  @state() private _outcome: Outcome = null;
  @state() private _busy = false;
  @state() private _remembered: BluetoothDevice[] = [];
  /** Which built-in device the simulated massager plays: each family runs its own firmware. */
  @state() private _simulatedId = 'open-massager';

  /** Filled just after start-up: the profiles and their validator are not first-screen code. */
  private readonly _builtIn = new ObserveController<readonly DeviceProfile[]>(this, () => this.connect?.builtIn$ ?? null, []);
  private readonly _support = new ObserveController<BluetoothSupport | null>(this, () => this.connect?.support$ ?? null, null);
  /** The chosen massager is controlled by another Easeback window (one tab at a time drives it). */
  private readonly _elsewhere = new ObserveController<{ readonly name: string; readonly by: string } | null>(
    this,
    () => this.connect?.controlledElsewhere$ ?? null,
    null,
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.connect?.rememberedDevices().then((devices) => (this._remembered = devices));
  }

  override render() {
    const support = this._support.value;
    const canBluetooth = support === null || support.kind === 'ready';
    return html`<section class="card" aria-labelledby="paths-heading">
      <h2 id="paths-heading">Two ways to begin</h2>
      <div class="paths">
        <section class="path" aria-labelledby="try-heading">
          <h3 id="try-heading">Try it with the simulated massager</h3>
          <p class="muted">
            No massager needed. A pretend one runs in this page under the same safety rules, so you can see every step first.
          </p>
          <label
            >Simulated device
            <select @change=${(e: Event) => (this._simulatedId = (e.target as HTMLSelectElement).value)}>
              ${this._builtIn.value.map(
                (p) =>
                  html`<option value=${p.id} ?selected=${p.id === this._simulatedId}>
                    ${p.family === 'diy-board-v1' ? `${p.name}, running the real firmware` : p.name}
                  </option>`,
              )}
            </select></label
          >
          <button class="primary" ?disabled=${this._busy} @click=${this._connectSimulated}>Connect the simulated massager</button>
        </section>
        <section class="path" aria-labelledby="connect-heading">
          <h3 id="connect-heading">Connect your massager</h3>
          <p class="muted">Switch it on and keep it close. Chrome then lists the massagers it finds: pick yours.</p>
          ${
            canBluetooth
              ? html`<button ?disabled=${this._busy} @click=${this._connectBluetooth}>Connect a Bluetooth massager</button>`
              : nothing
          }
          ${this._remembered.map(
            (device) =>
              html`<button class="outside-text" ?disabled=${this._busy} @click=${() => this._connectRemembered(device)}>
                Reconnect ${device.name ?? 'your massager'}
              </button>`,
          )}
          ${support && support.kind !== 'ready' ? this._unavailable(support) : nothing}
          <div class="row">
            <button @click=${() => this._help('massagers')}>Which massagers work?</button>
            <button @click=${() => this._help('pairing')}>Help with pairing</button>
          </div>
        </section>
      </div>
      ${this._outcome ? html`<p class="${this._outcome.tone} outside-text" role="status">${this._outcome.text}</p>` : nothing}
      ${this._elsewhere.value ? this._controlledElsewhere(this._elsewhere.value) : nothing}
    </section>`;
  }

  private _controlledElsewhere(elsewhere: { readonly name: string; readonly by: string }) {
    return html`<div class="warn" role="status" data-testid="controlled-elsewhere">
      <p class="outside-text">${elsewhere.name} is controlled by ${elsewhere.by}. Only one window at a time can drive a massager.</p>
      <div class="row">
        <button @click=${() => this.connect?.takeOver()}>Take over (stops it there first)</button>
        <button @click=${() => this.connect?.cancelTakeover()}>Leave it there</button>
      </div>
    </div>`;
  }

  /** Linux needs a browser setting: a step for developers, kept under Advanced (app-advanced). */
  private _unavailable(support: Exclude<BluetoothSupport, { kind: 'ready' }>) {
    const advice =
      support.kind === 'linux-flag'
        ? 'Chrome on Linux needs one setting turned on first: the steps are under Advanced, at the end of this page.'
        : support.advice;
    return html`<p class="warn" role="status"><strong>Bluetooth is not available here.</strong> ${advice}</p>`;
  }

  private _help(topic: HelpTopic): void {
    this.dispatchEvent(new CustomEvent<HelpTopic>('help-open', { detail: topic, bubbles: true, composed: true }));
  }

  private async _run(action: () => Promise<Outcome>): Promise<void> {
    this._busy = true;
    this._outcome = null;
    try {
      this._outcome = await action();
    } catch (error: unknown) {
      this._outcome = { tone: 'danger', text: `Could not connect: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      this._busy = false;
    }
  }

  private _connectSimulated(): void {
    void this._run(async () => {
      await this.connect?.connectSimulated(this._simulatedId);
      return null;
    });
  }

  private _connectBluetooth(): void {
    // The chooser must open inside this click: no await may come before it.
    const connect = this.connect;
    if (!connect) return;
    const pending = connect.connectBluetooth();
    void this._run(async () => {
      const outcome = await pending;
      switch (outcome.kind) {
        case 'chosen':
          return null;
        case 'cancelled':
          return {
            tone: 'note',
            text: 'No massager was chosen. If yours was not in the list: switch it on, keep it within a few metres, and make sure no phone is connected to it. Then try again. Help with pairing has the steps for your system.',
          };
        case 'no-adapter':
          return { tone: 'warn', text: 'No Bluetooth adapter was found. Turn Bluetooth on in your system settings, then try again.' };
        case 'failed':
          return { tone: 'danger', text: `Bluetooth could not start: ${outcome.message}` };
      }
    });
  }

  private _connectRemembered(device: BluetoothDevice): void {
    void this._run(async () => {
      await this.connect?.connectRemembered(device);
      return null;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-connect-panel': AppConnectPanel;
  }
}
