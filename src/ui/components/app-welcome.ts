import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { base } from '../styles.js';

/**
 * What Easeback is, in a few lines, above the safety questions on a first visit. It shares its
 * chunk with the connect panel, which loads while the questions are being answered.
 */
@customElement('app-welcome')
export class AppWelcome extends LitElement {
  static override styles = [base];

  override render() {
    return html`<section class="card" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Welcome to Easeback</h2>
      <p>
        Easeback runs a Bluetooth back massager from this page, for people with sciatica. It keeps the massage gentle and the heat careful,
        times every session, and switches everything off as soon as you report a symptom.
      </p>
      <p>
        It is for comfort, beside exercise and care from a physiotherapist or doctor: it does not treat sciatica. What you enter stays in
        this browser.
      </p>
      <p class="muted">First a few safety questions. Then try it with a simulated massager, or connect your own.</p>
      <p><button @click=${openPrivacy}>How your data is kept</button></p>
    </section>`;
  }
}

/** Opens the privacy page (app-root shows it, from the app's own files). */
function openPrivacy(event: Event): void {
  event.target?.dispatchEvent(new CustomEvent('privacy-open', { bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementTagNameMap {
    'app-welcome': AppWelcome;
  }
}
