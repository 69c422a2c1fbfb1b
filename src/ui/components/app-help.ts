import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { base } from '../styles.js';

/**
 * Help pages linked from the connect panel, loaded on demand. "Which massagers work?" is honest
 * that most massagers on sale cannot be reached: Easeback only sends what a documented protocol
 * or a checked profile says, so a device with a closed protocol is out of reach on purpose.
 *
 * @fires help-close - the person is done with help and goes back to the session screen
 */
@customElement('app-help')
export class AppHelp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      h2:focus {
        outline: none;
      }
      ul {
        padding-left: 1.2rem;
      }
      li {
        margin-bottom: 0.4rem;
      }
      code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property() topic = 'massagers';
  @query('h2') private _heading?: HTMLElement;

  override updated(changed: Map<string, unknown>): void {
    // A new page: its heading is read next, as after following a link.
    if (changed.has('topic')) this._heading?.focus();
  }

  override render() {
    return html`${this.topic === 'massagers' ? this._massagers() : nothing}
      <p><button @click=${this._close}>Back to the session screen</button></p>`;
  }

  private _massagers() {
    return html`<section class="card" aria-labelledby="help-heading">
      <h2 id="help-heading" tabindex="-1">Which massagers work?</h2>
      <p>
        Easeback only sends a massager the commands its protocol is known to accept, and it has to know the device's limits. So it works
        with three kinds of device, and not with most massagers in shops.
      </p>
      <h3>A board you can build</h3>
      <p>
        An Arduino Uno or Nano with a Bluetooth serial module, a small vibration motor, a kneading motor and a 5 V USB heating pad: low
        voltage throughout, nothing on mains. Its firmware keeps the session's limits on the board itself. The parts, the wiring and how to
        load the firmware are in the build guide, <code>docs/hardware/README.md</code> in the Easeback source code.
      </p>
      <h3>A massager that speaks a documented protocol</h3>
      <p>Any device whose firmware follows one of these works without changes:</p>
      <ul>
        <li>
          <strong>Open Massager</strong> (<code>devices/open-massager/PROTOCOL.md</code>): the page sends each session's limits, and the
          massager enforces them itself.
        </li>
        <li>
          <strong>UART Massager</strong> (<code>devices/uart-massager/PROTOCOL.md</code>): short text lines, as many hobby boards use. It
          cannot hold limits, so Easeback keeps them all and says so on screen.
        </li>
      </ul>
      <h3>Another device, described in a profile</h3>
      <p>
        If a massager's Bluetooth commands are known, a profile file can describe them: how to find it, what it can do, and the exact bytes
        of each command. How to write one, field by field, is in <code>devices/README.md</code>. Import it under <strong>Advanced</strong>
        on the session screen. It is checked like the built-in profiles, and anything it does not state is never sent.
      </p>
      <h3>Massagers from shops</h3>
      <p class="warn">
        Most massagers on sale have no open Bluetooth protocol: their app speaks to them in a private format that is not published. Easeback
        cannot control them, and will not guess at their commands. Use such a massager with its own controls, and its own timer.
      </p>
    </section>`;
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('help-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-help': AppHelp;
  }
}
