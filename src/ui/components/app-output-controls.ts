import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DeviceView, SessionPort } from '../../app/ports.js';
import type { ConnectionState } from '../../app/device-connection.js';
import { OUTPUT_KINDS, type KneadingDirection } from '../../core/commands.js';
import type { DeviceReport } from '../../core/device-report.js';
import { OUTPUTS } from '../../core/outputs.js';
import { isActive, isOpen } from '../../core/session/machine.js';
import type { MachineState } from '../../core/session/types.js';
import type { OutputRequest } from '../../core/safety/vet.js';
import { ObserveController } from '../controllers/observe.js';
import { deviceContext, sessionContext } from '../context.js';
import { base } from '../styles.js';
import './app-level-control.js';

/** Vibration, kneading and heat, as far as the device has them and the session allows. */
@customElement('app-output-controls')
export class AppOutputControls extends LitElement {
  static override styles = [
    base,
    css`
      section {
        display: grid;
        gap: 0.4rem;
      }
      h2 {
        margin: 0;
      }
      app-board-check {
        display: block;
        margin-top: 1rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        margin-bottom: 0.3rem;
      }
      .direction label {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        min-height: 44px;
        margin-right: 1rem;
      }
      .direction input {
        width: 1.3rem;
        height: 1.3rem;
        accent-color: var(--accent);
      }
      .direction .readback {
        margin: 0;
        font-size: 0.88rem;
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);
  private readonly _report = new ObserveController<DeviceReport | null>(this, () => this.device?.report$ ?? null, null);
  private readonly _connection = new ObserveController<ConnectionState>(this, () => this.device?.state$ ?? null, {
    phase: 'disconnected',
  });

  override render() {
    const state = this._state.value;
    const connection = this._connection.value;
    if (!state || connection.phase !== 'connected') return nothing;
    const capabilities = connection.profile.capabilities;
    const session = state.session;
    const open = isOpen(session);
    const caps = open ? session?.caps : null;
    const requested = open && session ? session.requested : null;
    const report = this._report.value;
    const disabled = !open;
    return html`<section class="card" aria-labelledby="controls-heading">
        <h2 id="controls-heading">Controls</h2>
        ${!open ? html`<p class="muted">Start a session to use the controls. They stay within the preset’s limits.</p>` : nothing}
        ${open && session && !isActive(session) ? html`<p class="muted">Paused: changes apply when you resume.</p>` : nothing}
        ${OUTPUT_KINDS.map((kind) => {
          // One control per output the device has, each described by its entry in OUTPUTS.
          const output = OUTPUTS[kind];
          const steps = output.steps(capabilities);
          if (steps === 0) return nothing;
          const cap = caps?.[output.cap] ?? 0;
          const usedUp = session ? output.usedUp(session) : false;
          return html`<app-level-control
            label=${output.label}
            .steps=${steps}
            .describe=${(level: number) => output.describe(level, capabilities)}
            .max=${cap}
            .value=${requested?.[kind] ?? 0}
            .reported=${report?.[kind] ?? null}
            ?disabled=${disabled || cap === 0 || usedUp}
            .note=${caps ? output.note(caps, usedUp) : ''}
            @level-change=${(e: CustomEvent<{ level: number }>) =>
              this._set(output.request(e.detail.level, requested?.direction ?? 'clockwise'))}
          ></app-level-control>`;
        })}
        ${
          // After the three levels, so a running session's levels fit on one phone screen together.
          capabilities.kneading?.reversible
            ? this._direction(
                requested?.direction ?? 'clockwise',
                requested?.kneading ?? 0,
                disabled || (caps?.maxKneading ?? 0) === 0,
                report,
              )
            : nothing
        }
      </section>
      ${connection.profile.family === 'diy-board-v1' && !open ? this._boardCheck() : nothing}`;
  }

  /**
   * A board someone built gets its first-power-on check here, below the controls: out of the way
   * of a session, and gone while one runs. Loaded only for such a board (issue 15).
   */
  private _boardCheck() {
    void import('./app-board-check.js');
    return html`<app-board-check class="card"></app-board-check>`;
  }

  private _direction(direction: KneadingDirection, speed: number, disabled: boolean, report: DeviceReport | null) {
    const choose = (next: KneadingDirection) => this._set({ kind: 'kneading', speed, direction: next });
    return html`<fieldset class="direction" ?disabled=${disabled}>
      <legend>Kneading direction</legend>
      <label
        ><input type="radio" name="direction" .checked=${direction === 'clockwise'} @change=${() => choose('clockwise')} />Clockwise</label
      >
      <label
        ><input
          type="radio"
          name="direction"
          .checked=${direction === 'counterclockwise'}
          @change=${() => choose('counterclockwise')}
        />Counterclockwise</label
      >
      ${report ? html`<p class="muted readback">Massager reports: ${report.direction}</p>` : nothing}
    </fieldset>`;
  }

  private _set(request: OutputRequest): void {
    this.session?.dispatch({ type: 'set', request });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-output-controls': AppOutputControls;
  }
}
