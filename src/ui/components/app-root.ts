import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { ConnectionState } from '../../app/device-connection.js';
import type { RootPorts } from '../../app/ports.js';
import type { MachineState } from '../../core/session/types.js';
import { stretchesOffered } from '../../core/guidance/stretch-rule.js';
import type { CareAdvice } from '../../core/safety/triage.js';
import type { HelpTopic } from './app-connect-panel.js';
import { ObserveController } from '../controllers/observe.js';
import { PortsProvider } from '../controllers/provide-ports.js';
import { base } from '../styles.js';
import './app-announcer.js';
import './app-device-status.js';
import './app-screening.js';
import './app-stop-bar.js';
// Above the first visit's safety questions: loaded with the page, so it never shifts them down late.
import './app-welcome.js';

/**
 * Parts the first screen does not show, loaded the first time they are needed (the element
 * upgrades when its module arrives; the service worker has it cached for offline use).
 */
const loadTriage = () => import('./app-triage.js');
const loadConnectedControls = () =>
  // A check-in only ever opens in a session, so it comes with the session's controls.
  Promise.all([import('./app-preset-picker.js'), import('./app-output-controls.js'), import('./app-checkin.js')]);
/** The session panel (with its pain scales) is only shown once a massager is linked. */
const loadSessionPanel = () => import('./app-session-panel.js');
/** The welcome and the two ways to begin: not needed until the page has loaded what was kept. */
const loadConnectPanel = () => import('./app-connect-panel.js');
/** Developer material (the profile importer, the Linux setting, the simulator's own view), folded at the end. */
const loadAdvanced = () => import('./app-advanced.js');
const loadHelp = () => import('./app-help.js');
/** The stretches offered after a session that ended well (core/guidance/stretches.ts). */
const loadStretches = () => import('./app-stretch-routine.js');
/** The loud-sound option and tap-anywhere mode (issue 16). */
const loadStopWays = () => import('./app-stop-ways.js');
/**
 * Guidance arrives a moment after the first screen, which keeps its bytes off that screen's
 * budget. On a phone its folded bar sits above the task, so the room it takes is held from the
 * first paint (app-guidance:not(:defined) below) and nothing moves when it comes.
 */
const loadGuidance = () => import('./app-guidance.js');
/** docs/privacy.md as a page, linked from the welcome and from History's data (issue 13). */
const loadPrivacy = () => import('./app-privacy.js');

type View = 'session' | 'safety' | 'history' | 'privacy' | `help-${HelpTopic}`;

/**
 * The page: status on top, the task in the middle, guidance beside it on a wide screen, and the
 * stop bar fixed at the bottom where a thumb finds it. Escape stops from anywhere.
 */
@customElement('app-root')
export class AppRoot extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-height: 100dvh;
        display: grid;
        grid-template-rows: auto 1fr auto;
        /* Columns never grow past the screen for a wide child: on a phone that widens the whole page. */
        grid-template-columns: minmax(0, 1fr);
      }
      header {
        padding: 0.8rem 1rem 0.4rem;
        border-bottom: 1px solid var(--line);
        background: var(--surface);
      }
      .brand {
        display: flex;
        align-items: baseline;
        gap: 0.8rem;
        flex-wrap: wrap;
      }
      h1 {
        font-size: 1.4rem;
        margin: 0;
      }
      .tagline {
        font-size: 0.9rem;
      }
      nav {
        display: flex;
        gap: 0.4rem;
        margin-top: 0.4rem;
      }
      @media (max-width: 40rem) {
        /* A phone: the tabs share the width, so none wraps onto two lines. */
        nav button {
          flex: 1 1 auto;
          padding-inline: 0.5rem;
          font-size: 0.95rem;
        }
      }
      @media (max-width: 40rem) {
        /* A running session keeps to one phone screen: the tagline was read before it started. */
        header[data-session] .tagline {
          display: none;
        }
        .layout,
        main {
          gap: 0.6rem;
        }
        .layout {
          padding: 0.6rem;
        }
      }
      @media (max-width: 59.99rem) {
        /*
         * While a session runs on a phone, guidance folds below the controls: opening it unfolds it
         * there, and never pushes the countdown or the controls off the screen.
         */
        .layout[data-session] aside {
          order: 1;
          position: static;
        }
      }
      nav button[aria-current='page'] {
        border-color: var(--accent);
        background: var(--surface-alt);
        font-weight: 700;
      }
      .layout {
        display: grid;
        gap: 1rem;
        padding: 1rem;
        max-width: 72rem;
        width: 100%;
        margin: 0 auto;
        align-content: start;
        grid-template-columns: minmax(0, 1fr);
      }
      main {
        display: grid;
        gap: 1rem;
        align-content: start;
        grid-template-columns: minmax(0, 1fr);
      }
      aside {
        /* On a phone the folded Guidance bar stays at the top, one tap away wherever the page is scrolled. */
        order: -1;
        position: sticky;
        top: 0;
        z-index: 5;
      }
      aside:has(app-guidance[open]) {
        position: static;
      }
      /* The folded Guidance bar's own height (a 44 px target and its border), held until it loads. */
      app-guidance:not(:defined) {
        display: block;
        min-height: 2.9rem;
      }
      /* Stop, and the latest message above it, pinned where a thumb rests: nothing scrolls or opens over them. */
      .dock {
        position: sticky;
        bottom: 0;
        z-index: 10;
        background: var(--surface);
        border-top: 1px solid var(--line);
        box-shadow: 0 -2px 10px rgb(0 0 0 / 0.12);
      }
      /* Printed, the page is what is on it (the clinician report): no bars, no guidance, no stop bar. */
      @media print {
        :host {
          display: block;
          min-height: 0;
        }
        header,
        aside,
        .dock {
          display: none;
        }
        .layout {
          display: block;
          padding: 0;
          max-width: none;
        }
      }
      @media (min-width: 60rem) {
        .layout {
          grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr);
        }
        aside,
        aside:has(app-guidance[open]) {
          order: 0;
          position: sticky;
          top: 1rem;
          align-self: start;
          /* Room left for the stop bar (and the status line) below, so guidance never slides under it. */
          max-height: calc(100dvh - 10.5rem);
          overflow-y: auto;
        }
      }
    `,
  ];

  /** The app's ports, made by the entry point (main.ts): components below each get only their own (PortsProvider). */
  @property({ attribute: false }) ports!: RootPorts;
  /** Registers itself with the element: kept only so that it lives as long as the page. */
  protected readonly provided = new PortsProvider(this, () => this.ports);
  @state() private _view: View = 'session';
  @state() private _care: CareAdvice | null = null;
  /** Where the privacy page's Back button returns to. */
  private _beforePrivacy: View = 'session';

  private readonly _state = new ObserveController<MachineState | null>(this, () => this.ports.session.state$, null);
  private readonly _connection = new ObserveController<ConnectionState>(this, () => this.ports.device.state$, { phase: 'disconnected' });
  private readonly _loaded = new ObserveController<boolean>(this, () => this.ports.loaded$, false);
  private _notices: Subscription | null = null;

  private readonly _onKey = (event: KeyboardEvent): void => {
    // Escape stops everything, wherever focus is, before anything else handles the key.
    if (event.key === 'Escape') this.ports.session.stop();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this._onKey, { capture: true });
    void loadGuidance();
    this._notices = this.ports.session.notices$.subscribe((notice) => {
      if (notice.kind === 'care') this._care = notice.advice;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this._onKey, { capture: true });
    this._notices?.unsubscribe();
  }

  override render() {
    const session = this._state.value?.session ?? null;
    return html`<header ?data-session=${session !== null && session.status !== 'ended'}>
        <div class="brand">
          <h1>Easeback</h1>
          <span class="muted tagline">A comfort tool for sciatica, beside exercise and care. Not a treatment.</span>
        </div>
        <app-device-status></app-device-status>
        <nav aria-label="Sections">
          ${this._tab('session', 'Session')} ${this._tab('safety', 'Safety questions')} ${this._tab('history', 'History')}
        </nav>
      </header>
      <div class="layout" ?data-session=${session !== null && session.status !== 'ended'}>
        <main id="main" @help-open=${(event: CustomEvent<HelpTopic>) => this._openHelp(event.detail)} @privacy-open=${this._openPrivacy}>
          ${this._main()}
        </main>
        <aside aria-label="Guidance"><app-guidance></app-guidance></aside>
      </div>
      <div class="dock">
        <app-checkin></app-checkin>
        <app-announcer></app-announcer>
        <app-stop-bar></app-stop-bar>
      </div>`;
  }

  private _tab(view: View, label: string) {
    return html`<button aria-current=${this._shownView() === view ? 'page' : 'false'} @click=${() => (this._view = view)}>
      ${label}
    </button>`;
  }

  /** The section really on screen: symptom questions and care advice belong to none of the tabs. */
  private _shownView(): View | null {
    const state = this._state.value;
    if (this._care || state?.triagePending || this._view === 'privacy') return null;
    if (state && !state.screening && this._view !== 'history') return 'safety';
    return this._view;
  }

  private _openHelp(topic: HelpTopic): void {
    this._view = `help-${topic}`;
    window.scrollTo(0, 0);
  }

  private readonly _openPrivacy = (): void => {
    if (this._view !== 'privacy') this._beforePrivacy = this._view;
    this._view = 'privacy';
    window.scrollTo(0, 0);
  };

  private _main() {
    const state = this._state.value;
    if (!this._loaded.value || !state) return html`<p>Loading…</p>`;
    if (this._care || state.triagePending) void loadTriage();
    if (this._care) {
      return html`<app-triage .advice=${this._care} @triage-done=${() => (this._care = null)}></app-triage>`;
    }
    if (state.triagePending) return html`<app-triage></app-triage>`;
    if (this._view === 'history') {
      // Loaded on first use: the history view, its charts and exports stay out of the first screen's JavaScript.
      void import('./app-history.js');
      return html`<app-history></app-history>`;
    }
    if (this._view.startsWith('help-')) {
      void loadHelp();
      return html`<app-help topic=${this._view.slice('help-'.length)} @help-close=${() => (this._view = 'session')}></app-help>`;
    }
    if (this._view === 'privacy') {
      void loadPrivacy();
      const back = this._beforePrivacy === 'history' ? 'Back to History' : 'Back';
      return html`<app-privacy back-label=${back} @privacy-close=${() => (this._view = this._beforePrivacy)}></app-privacy>`;
    }
    if (!state.screening) {
      // A first visit: what Easeback is, above the questions that come before any session. The
      // screen after them is fetched with the first answer, not while a slow phone is still
      // drawing this one (issue 13); it is ready long before the last answer is saved. The
      // heading keeps focus where it is: the page opens at its top, on the welcome.
      return html`<app-welcome></app-welcome>
        <app-screening
          .initial=${state.screening}
          .takeFocus=${false}
          @input=${() => void loadConnectPanel()}
          @screening-done=${() => (this._view = 'session')}
        ></app-screening>`;
    }
    if (this._view === 'safety') {
      return html`<app-screening .initial=${state.screening} @screening-done=${() => (this._view = 'session')}></app-screening>`;
    }
    const connection = this._connection.value;
    const phase = connection.phase;
    const connected = phase === 'connected';
    // While the link is being restored, the session panel stays: it says why everything stopped.
    const linked = connected || phase === 'reconnecting';
    if (connection.phase === 'connected') {
      void loadConnectedControls();
    }
    if (!linked) void loadConnectPanel();
    if (linked || state.session) void loadSessionPanel();
    void loadAdvanced();
    const ended = state.session?.status === 'ended' ? state.session : null;
    const stretches = ended?.end && stretchesOffered(ended.end.reason) ? ended.id : null;
    if (stretches) void loadStretches();
    // During a session the ways to stop without reaching STOP sit below the controls, so the
    // countdown, the controls and STOP still fit one phone screen (issue 13); before one, the
    // session panel offers them beside Start.
    const open = state.session !== null && state.session.status !== 'ended';
    if (open) void loadStopWays();
    return html`${linked ? nothing : html`<app-connect-panel></app-connect-panel>`}
      ${linked || state.session ? html`<app-session-panel></app-session-panel>` : nothing}
      ${stretches ? html`<app-stretch-routine session-id=${stretches}></app-stretch-routine>` : nothing}
      ${connected ? html`<app-preset-picker class="card"></app-preset-picker> <app-output-controls></app-output-controls>` : nothing}
      ${open ? html`<app-stop-ways class="card"></app-stop-ways>` : nothing} <app-advanced ?linked=${linked}></app-advanced>`;
  }
}
