import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { SessionPort } from '../../app/ports.js';
import { sessionContext } from '../context.js';
import { base } from '../styles.js';

/**
 * Tap-anywhere mode: for a person who cannot look at the screen or aim at a button. The whole
 * screen is one stop button, shown over everything (a modal dialog in the browser's top layer):
 * a touch anywhere, a click anywhere, or any key stops the session, the same way STOP does, as a
 * "tap" stop. The session panel shows it while a session is open and the person asked for it; it
 * goes when the session ends. Leaving it any other way would need aim, so there is none: stopping
 * is always safe.
 */
@customElement('app-tap-stop')
export class AppTapStop extends LitElement {
  static override styles = [
    base,
    css`
      dialog {
        inset: 0;
        width: 100vw;
        height: 100dvh;
        max-width: none;
        max-height: none;
        margin: 0;
        padding: 0;
        border: 0;
        background: var(--danger);
      }
      dialog::backdrop {
        background: var(--danger);
      }
      button {
        width: 100%;
        height: 100%;
        border: 0;
        border-radius: 0;
        background: var(--danger);
        color: #fff;
        display: grid;
        place-content: center;
        gap: 1rem;
        padding: 2rem;
        text-align: center;
        touch-action: none;
      }
      .big {
        font-size: clamp(3rem, 18vw, 8rem);
        font-weight: 800;
        letter-spacing: 0.08em;
      }
      .how {
        font-size: 1.4rem;
        /* Bold, it is large text: white on the dark theme's red is 4.3:1, above large text's 3:1. */
        font-weight: 700;
        max-width: 26rem;
      }
      button:focus-visible {
        outline: 4px solid #fff;
        outline-offset: -12px;
      }
    `,
  ];

  @consume({ context: sessionContext }) @property({ attribute: false }) session?: SessionPort;
  @query('dialog') private _dialog?: HTMLDialogElement;
  @query('button') private _button?: HTMLButtonElement;
  private _enteredFullscreen = false;
  private _lastPointerStop = -Infinity;

  private readonly _onKey = (event: KeyboardEvent): void => {
    // Any key at all, before anything else handles it (Escape is taken by the page too, as a stop).
    event.preventDefault();
    this._stop();
  };

  override render() {
    return html`<dialog aria-label="Tap anywhere to stop" @cancel=${this._onCancel} @pointerdown=${this._onPointerDown}>
      <button @click=${this._onClick} data-testid="tap-stop">
        <span class="big">STOP</span>
        <span class="how">Tap anywhere, or press any key, to stop everything.</span>
      </button>
    </dialog>`;
  }

  override firstUpdated(): void {
    this._dialog?.showModal();
    this._button?.focus();
    window.addEventListener('keydown', this._onKey, { capture: true });
    // Browser full screen hides the address bar, so a tap at the very top lands here too. Best
    // effort: the dialog already covers the page when the browser refuses (no gesture left, say).
    const root = document.documentElement;
    if (!document.fullscreenElement && typeof root.requestFullscreen === 'function') {
      root.requestFullscreen().then(
        () => (this._enteredFullscreen = true),
        () => undefined,
      );
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this._onKey, { capture: true });
    if (this._enteredFullscreen && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }

  private _onPointerDown(event: PointerEvent): void {
    // Any finger, pen or mouse button: the moment it lands, as STOP does.
    event.preventDefault();
    this._lastPointerStop = event.timeStamp;
    this._stop();
  }

  private _onClick(event: MouseEvent): void {
    // The click after a pointer-down would only send a second stop frame; Enter and Space come here.
    if (event.timeStamp - this._lastPointerStop < 1000) return;
    this._stop();
  }

  private _onCancel(event: Event): void {
    // Escape would close the dialog; it stops instead (the key handler has done it already).
    event.preventDefault();
    this._stop();
  }

  private _stop(): void {
    this.session?.stop('tap');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-tap-stop': AppTapStop;
  }
}
