import { consume } from '@lit/context';
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Subscription } from 'rxjs';
import { announceConnection, announceNotice, type Announcement } from '../../app/announcements.js';
import type { AppServices } from '../../app/services.js';
import { servicesContext } from '../context.js';
import { base } from '../styles.js';

/**
 * The live regions: state changes are spoken without moving focus. Notices that matter at once
 * (stops) use the assertive region; the rest wait their turn. Visible too, as the latest message.
 */
@customElement('app-announcer')
export class AppAnnouncer extends LitElement {
  static override styles = [base];

  @consume({ context: servicesContext }) @property({ attribute: false }) services?: AppServices;
  @state() private _polite = '';
  @state() private _urgent = '';
  private _subscription: Subscription | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const services = this.services;
    if (!services) return;
    const say = (announcement: Announcement | null): void => {
      if (announcement) this._say(announcement);
    };
    this._subscription = new Subscription();
    this._subscription.add(services.session.notices$.subscribe((notice) => say(announceNotice(notice))));
    this._subscription.add(services.device.state$.subscribe((state) => say(announceConnection(state))));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._subscription?.unsubscribe();
  }

  override render() {
    return html`<div class="muted" role="status" aria-live="polite" data-testid="announcer-polite">${this._polite}</div>
      <div class="visually-hidden" role="alert" aria-live="assertive" data-testid="announcer-urgent">${this._urgent}</div>`;
  }

  private _say({ text, urgent }: Announcement): void {
    // A repeated message must still be spoken: change the text even when it is the same.
    if (urgent) this._urgent = this._urgent === text ? `${text}\u00a0` : text;
    this._polite = this._polite === text ? `${text}\u00a0` : text;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-announcer': AppAnnouncer;
  }
}
