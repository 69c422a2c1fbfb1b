import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SessionPort } from '../../app/ports.js';
import { isOpen } from '../../core/session/machine.js';
import type { MachineState } from '../../core/session/types.js';
import { PRESETS, type PresetId } from '../../core/safety/presets.js';
import { restrictionsFor } from '../../core/safety/screening.js';
import { ObserveController } from '../controllers/observe.js';
import { sessionContext } from '../context.js';
import { base } from '../styles.js';

/**
 * The presets the person's safety answers allow, with the others shown greyed and explained.
 * While a session runs none can be chosen, so the list folds to the one in use.
 */
@customElement('app-preset-picker')
export class AppPresetPicker extends LitElement {
  static override styles = [
    base,
    css`
      /* Folded while a session runs: after the controls, so the session keeps to one screen. */
      :host([folded]) {
        order: 1;
      }
      .folded {
        margin: 0;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.5rem;
      }
      legend {
        font-weight: 700;
        font-size: 1.1rem;
        margin-bottom: 0.4rem;
      }
      label {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.6rem;
        align-items: start;
        padding: 0.6rem 0.8rem;
        border: 2px solid var(--line);
        border-radius: 0.7rem;
        min-height: 44px;
        cursor: pointer;
      }
      label:has(input:checked) {
        border-color: var(--accent);
        background: var(--surface-alt);
      }
      label:has(input:disabled) {
        opacity: 0.6;
        cursor: not-allowed;
      }
      input {
        width: 1.4rem;
        height: 1.4rem;
        margin: 0.1rem 0 0;
        accent-color: var(--accent);
      }
      .name {
        font-weight: 600;
      }
      .summary {
        grid-column: 2;
        font-size: 0.92rem;
        color: var(--ink-soft);
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  private readonly _state = new ObserveController<MachineState | null>(this, () => this.session?.state$ ?? null, null);

  override render() {
    const state = this._state.value;
    if (!state?.screening) return nothing;
    const allowed = restrictionsFor(state.screening).allowedPresets;
    const locked = isOpen(state.session);
    this.toggleAttribute('folded', locked);
    if (locked) {
      const chosen = PRESETS.find((preset) => preset.id === (state.session?.presetId ?? state.presetId));
      return html`<p class="folded" data-testid="preset-folded">
        <strong>Preset: ${chosen?.name}</strong> <span class="muted">(fixed until this session ends)</span>
      </p>`;
    }
    return html`<fieldset ?disabled=${locked}>
      <legend>Preset</legend>
      ${PRESETS.map((preset) => {
        const offered = allowed.includes(preset.id);
        return html`<label>
          <input
            type="radio"
            name="preset"
            .value=${preset.id}
            .checked=${state.presetId === preset.id}
            ?disabled=${!offered || locked}
            @change=${() => this._choose(preset.id)}
          />
          <span class="name">${preset.name}</span>
          <span class="summary">${offered ? preset.summary : 'Not offered, because of your safety answers.'}</span>
        </label>`;
      })}
    </fieldset>`;
  }

  private _choose(presetId: PresetId): void {
    this.session?.dispatch({ type: 'select-preset', presetId });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-preset-picker': AppPresetPicker;
  }
}
