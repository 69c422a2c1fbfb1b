import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProfilesPort } from '../../app/ports.js';
import { describeProfileError, type DeviceProfile } from '../../core/profile/types.js';
import { ObserveController } from '../controllers/observe.js';
import { profilesContext } from '../context.js';
import { base } from '../styles.js';

type Outcome = { readonly tone: 'note' | 'danger'; readonly text: string } | null;

/**
 * Profiles the person imported: a file input, the refusal (naming the field) when a file does not
 * pass, and the list of kept profiles, each removable. Kept profiles join the chooser's filters.
 */
@customElement('app-device-profiles')
export class AppDeviceProfiles extends LitElement {
  static override styles = [
    base,
    css`
      ul {
        padding-left: 1.2rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
        margin-bottom: 0.4rem;
      }
      input[type='file'] {
        min-height: 44px;
        font: inherit;
        /*
         * Its button and file name are wider than a small phone's card (a phone then widens the
         * whole page to fit them): let it shrink, and keep what is left over inside its box.
         */
        min-width: 0;
        max-width: 100%;
        font-size: 0.9rem;
        contain: paint;
      }
    `,
  ];

  @consume({ context: profilesContext }) @property({ attribute: false }) profiles?: ProfilesPort;
  @state() private _outcome: Outcome = null;
  private readonly _imported = new ObserveController<readonly DeviceProfile[]>(this, () => this.profiles?.imported$ ?? null, []);

  override render() {
    const imported = this._imported.value;
    return html`<section class="card" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">Device profiles</h2>
      <p class="muted">
        A massager Easeback does not know can be described in a profile file. It is checked like the built-in ones, kept only in this
        browser, and may narrow a built-in massager's ranges but never widen them.
      </p>
      <label>Import a profile (JSON) <input type="file" accept=".json,application/json" @change=${this._onFile} /></label>
      ${this._outcome ? html`<p class="${this._outcome.tone} outside-text" role="status" data-testid="profile-outcome">${this._outcome.text}</p>` : nothing}
      ${
        imported.length > 0
          ? html`<ul aria-label="Imported profiles">
              ${imported.map(
                (profile) =>
                  html`<li>
                    <span class="outside-text"
                      >${profile.name} (${profile.id}${profile.extends ? `, narrows ${profile.extends}` : ''})</span
                    >
                    <button aria-label=${`Remove ${profile.name}`} @click=${() => this._remove(profile)}>Remove</button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    </section>`;
  }

  private async _onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const profiles = this.profiles;
    if (!file || !profiles) return;
    // Cleared so that choosing the same file again (after fixing it) fires change again.
    input.value = '';
    const result = await profiles.importProfile(await file.text());
    this._outcome = result.ok
      ? { tone: 'note', text: `Imported ${result.value.name}. Connect a Bluetooth massager to use it.` }
      : { tone: 'danger', text: `${file.name} was not imported. ${describeProfileError(result.error)}` };
  }

  private async _remove(profile: DeviceProfile): Promise<void> {
    await this.profiles?.removeProfile(profile.id);
    this._outcome = { tone: 'note', text: `Removed ${profile.name}.` };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-device-profiles': AppDeviceProfiles;
  }
}
