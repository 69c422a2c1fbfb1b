import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { base, readingPage } from '../styles.js';

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
    readingPage,
    css`
      ul {
        padding-left: 1.2rem;
      }
      li {
        margin-bottom: 0.4rem;
      }
      code {
        overflow-wrap: anywhere;
      }
      fieldset {
        border: 1px solid var(--line);
        border-radius: 0.6rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.8rem;
      }
      fieldset label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        min-height: 44px;
        min-width: 44px;
      }
      fieldset input {
        width: 1.2rem;
        height: 1.2rem;
      }
      ol.steps {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 1rem;
      }
      .step {
        display: grid;
        gap: 0.6rem;
        align-items: start;
      }
      @media (min-width: 40rem) {
        .step {
          grid-template-columns: 11rem 1fr;
        }
      }
      .step h3 {
        margin-top: 0;
      }
      .picture {
        width: 100%;
        max-width: 11rem;
        height: auto;
        color: var(--ink);
      }
      .picture .accent {
        stroke: var(--accent);
      }
      .picture .fill-accent {
        fill: var(--accent);
      }
      .picture text {
        fill: currentColor;
        stroke: none;
        font:
          11px system-ui,
          sans-serif;
      }
      .picture text.small {
        font-size: 9px;
      }
      .picture .on-accent {
        fill: var(--on-accent);
      }
    `,
  ];

  @property() topic = 'massagers';
  /** Which system the pairing steps are for: this one, guessed from the browser, until changed. */
  @state() private _platform: Platform = guessPlatform(navigator.userAgent);
  @query('h2') private _heading?: HTMLElement;

  override updated(changed: Map<string, unknown>): void {
    // A new page: its heading is read next, as after following a link.
    if (changed.has('topic')) this._heading?.focus();
  }

  override render() {
    return html`${this.topic === 'massagers' ? this._massagers() : this.topic === 'pairing' ? this._pairing() : nothing}
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

  private _pairing() {
    const platform = this._platform;
    const steps = PAIRING_STEPS;
    return html`<section class="card" aria-labelledby="help-heading">
      <h2 id="help-heading" tabindex="-1">Help with pairing</h2>
      <p>
        Easeback finds your massager through Chrome's own Bluetooth chooser. You do not need to pair it in your system's Bluetooth settings
        first.
      </p>
      <fieldset>
        <legend>Your system</legend>
        ${PLATFORMS.map(
          (p) =>
            html`<label
              ><input
                type="radio"
                name="platform"
                .checked=${p === platform}
                @change=${() => (this._platform = p)}
              />${PLATFORM_NAME[p]}</label
            >`,
        )}
      </fieldset>
      <ol class="steps" aria-label=${`Steps for ${PLATFORM_NAME[platform]}`}>
        ${steps.map(
          (step, index) =>
            html`<li class="step" data-testid="pairing-step">
              ${PICTURES[step.picture]}
              <div>
                <h3>${index + 1}. ${step.title}</h3>
                ${step.text.map((line) => html`<p>${line}</p>`)}
                ${step.on[platform] ? html`<p class="note" data-testid="platform-note">${step.on[platform]}</p>` : nothing}
                ${
                  step.checklist
                    ? html`<ul>
                        ${step.checklist.map((line) => html`<li>${line}</li>`)}
                      </ul>`
                    : nothing
                }
              </div>
            </li>`,
        )}
      </ol>
    </section>`;
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('help-close', { bubbles: true, composed: true }));
  }
}

type Platform = 'android' | 'windows' | 'macos' | 'chromeos' | 'linux';
const PLATFORMS: readonly Platform[] = ['android', 'windows', 'macos', 'chromeos', 'linux'];
const PLATFORM_NAME: Readonly<Record<Platform, string>> = {
  android: 'Android',
  windows: 'Windows',
  macos: 'macOS',
  chromeos: 'ChromeOS',
  linux: 'Linux',
};

/** A guess from the browser's own description of itself; the person can pick another. */
export function guessPlatform(userAgent: string): Platform {
  if (/Android/.test(userAgent)) return 'android';
  if (/CrOS/.test(userAgent)) return 'chromeos';
  if (/Windows/.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/.test(userAgent)) return 'macos';
  return 'linux';
}

type Picture = 'power' | 'range' | 'connect' | 'chooser' | 'missing';

interface PairingStep {
  readonly title: string;
  readonly picture: Picture;
  readonly text: readonly string[];
  /** What differs on each system, where anything does. */
  readonly on: Partial<Record<Platform, string>>;
  readonly checklist?: readonly string[];
}

const PAIRING_STEPS: readonly PairingStep[] = [
  {
    title: 'Switch the massager on',
    picture: 'power',
    text: ['Charge it if it runs on a battery, then switch it on. Most show a light when they are ready to connect.'],
    on: {},
  },
  {
    title: 'Keep it in range',
    picture: 'range',
    text: [
      'Keep it within a few metres of this device, with no wall between.',
      'A massager talks to one phone or computer at a time: close its own app, and switch off Bluetooth on any other phone that used it.',
    ],
    on: {},
  },
  {
    title: 'Turn Bluetooth on, then press Connect',
    picture: 'connect',
    text: ['Press Connect a Bluetooth massager on the session screen.'],
    on: {
      android:
        'Swipe down from the top and turn Bluetooth on. The first time, Chrome asks to find nearby devices (on older Android: to use your location): allow it, or it sees nothing.',
      windows: 'Open Settings, then Bluetooth & devices, and turn Bluetooth on. Windows 10 or later is needed.',
      macos: 'Turn Bluetooth on in Control Centre. The first time, macOS asks whether Chrome may use Bluetooth: choose Allow.',
      chromeos: 'Select the clock at the bottom right, then turn Bluetooth on in Quick Settings.',
      linux:
        'Turn Bluetooth on in your system settings. Chrome on Linux also needs one setting before a page can use Bluetooth: the steps are under Advanced on the session screen.',
    },
  },
  {
    title: 'Pick it in the chooser',
    picture: 'chooser',
    text: [
      'Chrome opens a small window listing the massagers it can reach. Select yours and press Pair.',
      'Easeback remembers it: next time a Reconnect button skips the chooser.',
    ],
    on: {},
  },
  {
    title: 'If it does not appear',
    picture: 'missing',
    text: ['Press Cancel in the chooser, then go through these and try again:'],
    on: {
      android:
        'Check that Chrome may find nearby devices: Settings, Apps, Chrome, Permissions. On older Android, location must be switched on as well.',
      windows: 'If you paired it in Bluetooth & devices before, remove it there: Windows may be holding the connection.',
      macos: 'If you chose Don’t Allow before: System Settings, Privacy & Security, Bluetooth, and turn Chrome on.',
      chromeos: 'Turn Bluetooth off and on again in Quick Settings.',
      linux: 'Check the setting under Advanced, and that your Bluetooth service is running (on most systems it is called bluetooth).',
    },
    checklist: [
      'Is it switched on, charged, and showing its ready light?',
      'Is it close, with nothing between you?',
      'Is its own app, or another phone, still connected to it? Close or switch that off.',
      'Switch the massager off and on again.',
      'Is it a kind Easeback can work with? Only some massagers are: see Which massagers work?',
    ],
  },
];

/** Pictures for the pairing steps: simple line drawings made here, labelled for screen readers. */
const frame = (label: string, body: ReturnType<typeof svg>) =>
  html`<svg class="picture" viewBox="0 0 160 100" role="img" aria-label=${label}>
    <g fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">${body}</g>
  </svg>`;

const PICTURES: Readonly<Record<Picture, ReturnType<typeof html>>> = {
  power: frame(
    'A massager pad with its power button pressed and its light on',
    svg`<rect x="20" y="30" width="120" height="50" rx="18" />
      <circle cx="80" cy="55" r="12" class="accent" />
      <line x1="80" y1="40" x2="80" y2="53" class="accent" />
      <circle cx="118" cy="44" r="4" class="fill-accent accent" />
      <path d="M112 22 l4 8 M124 22 l-4 8 M118 18 v9" class="accent" />`,
  ),
  range: frame(
    'A phone and the massager a short distance apart, with radio waves between them',
    svg`<rect x="10" y="22" width="32" height="58" rx="6" />
      <line x1="22" y1="72" x2="30" y2="72" />
      <rect x="104" y="44" width="48" height="30" rx="10" />
      <path d="M56 40 q10 15 0 30 M68 32 q16 23 0 46 M80 24 q22 31 0 62" class="accent" />
      <text x="70" y="98" text-anchor="middle">a few metres</text>`,
  ),
  connect: frame(
    'A finger pressing the Connect a Bluetooth massager button',
    svg`<rect x="8" y="30" width="144" height="34" rx="10" class="accent" />
      <text x="80" y="51" text-anchor="middle" class="small">Connect a Bluetooth massager</text>
      <path d="M96 98 v-24 a6 6 0 0 1 12 0 v10 l14 4 a6 6 0 0 1 4 7 l-2 3" />`,
  ),
  chooser: frame(
    'Chrome’s chooser window listing a massager, selected, with its Pair button',
    svg`<rect x="8" y="6" width="144" height="88" rx="6" />
      <line x1="8" y1="24" x2="152" y2="24" />
      <text x="16" y="19">wants to pair</text>
      <rect x="14" y="30" width="132" height="18" rx="3" class="accent" />
      <text x="20" y="43">Easeback massager</text>
      <line x1="20" y1="58" x2="110" y2="58" stroke-width="2" />
      <rect x="58" y="70" width="40" height="16" rx="4" />
      <text x="64" y="82">Cancel</text>
      <rect x="104" y="70" width="40" height="16" rx="4" class="fill-accent accent" />
      <text x="113" y="82" class="on-accent">Pair</text>`,
  ),
  missing: frame(
    'An empty chooser list with a question mark',
    svg`<rect x="8" y="6" width="144" height="88" rx="6" />
      <line x1="8" y1="24" x2="152" y2="24" />
      <path d="M68 46 a12 12 0 1 1 16 11 q-4 2 -4 8 v3" class="accent" />
      <circle cx="80" cy="80" r="2" class="fill-accent accent" />`,
  ),
};

declare global {
  interface HTMLElementTagNameMap {
    'app-help': AppHelp;
  }
}
