import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { BoardCheckControls } from '../../app/board-check.js';
import type { ConnectPort, DeviceView } from '../../app/ports.js';
import { CHECK_STEPS, STEP_TEXT, type CheckState, type StepStatus } from '../../core/check/first-power-on.js';
import type { DeviceReport } from '../../core/device-report.js';
import { ObserveController } from '../controllers/observe.js';
import { connectContext, deviceContext } from '../context.js';
import { base } from '../styles.js';

const STATUS: Readonly<Record<StepStatus, string>> = {
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Skipped',
  explained: 'Explained',
  stopped: 'Stopped',
};

/**
 * The first-power-on check of a board the person built, one step at a time (app/board-check.ts
 * wires it; core/check/first-power-on.ts decides). Nothing runs until its own button is pressed,
 * STOP and Escape end it at any moment, and the result can be copied as text.
 */
@customElement('app-board-check')
export class AppBoardCheck extends LitElement {
  static override styles = [
    base,
    css`
      ol {
        padding-left: 1.4rem;
        margin: 0.4rem 0 0.8rem;
      }
      li[aria-current='step'] {
        font-weight: 700;
      }
      .status {
        font-weight: 600;
      }
      .step {
        border-top: 1px solid var(--line);
        padding-top: 0.6rem;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        background: var(--surface-alt);
        padding: 0.6rem;
        border-radius: 0.5rem;
        font-size: 0.9rem;
      }
    `,
  ];

  @consume({ context: connectContext }) @property({ attribute: false }) connect?: ConnectPort;
  @consume({ context: deviceContext }) @property({ attribute: false }) device?: DeviceView;
  @state() private _check: BoardCheckControls | null = null;
  @state() private _state: CheckState | null = null;
  @state() private _copied = false;
  private _watching: Subscription | null = null;
  private readonly _report = new ObserveController<DeviceReport | null>(this, () => this.device?.report$ ?? null, null);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._watching?.unsubscribe();
    this._check?.close();
    this._check = null;
  }

  override render() {
    const s = this._state;
    return html`<section aria-labelledby="board-check-title">
      <h2 id="board-check-title">Check a board you built</h2>
      ${s === null || s.phase === 'intro' ? this._intro() : html`${this._steps(s)} ${s.phase === 'done' ? this._result(s) : this._current(s)}`}
    </section>`;
  }

  private _intro() {
    return html`<p>
        A first power-on check, step by step: the board’s answer, its thermistor, each motor briefly, the pad briefly, and its STOP button.
        Do it with the pad off your body and the motors free to turn. Nothing runs until you press its button.
      </p>
      <button data-testid="board-check-begin" @click=${this._begin}>Start the board check</button>`;
  }

  private _steps(s: CheckState) {
    return html`<ol aria-label="Steps">
      ${CHECK_STEPS.map((step) => {
        const result = s.results[step];
        return html`<li aria-current=${s.step === step && s.phase !== 'done' ? 'step' : 'false'}>
          ${STEP_TEXT[step].title}${result ? html`: <span class="status">${STATUS[result.status]}</span>` : nothing}
        </li>`;
      })}
    </ol>`;
  }

  private _current(s: CheckState) {
    const step = s.step;
    if (!step) return nothing;
    const text = STEP_TEXT[step];
    const reading = this._report.value?.heaterC;
    return html`<div class="step" data-testid="board-check-step" data-step=${step} data-phase=${s.phase}>
      <h3>${text.title}</h3>
      <div aria-live="polite">${this._prompt(s)}</div>
      ${s.note ? html`<p role="alert">${s.note}</p>` : nothing}
      ${step === 'heat' && s.phase === 'running' && reading != null ? html`<p>Pad reading: ${reading} °C</p>` : nothing}
      <div class="row">
        ${this._actions(s)}
        <button @click=${() => this._check?.stop()}>Stop the check</button>
      </div>
    </div>`;
  }

  private _prompt(s: CheckState) {
    const text = s.step ? STEP_TEXT[s.step] : null;
    switch (s.phase) {
      case 'asking':
      case 'reading':
        return html`<p>${text?.before} Asking the board…</p>`;
      case 'ready':
      case 'press-button':
      case 'explain':
        return html`<p>${text?.before}</p>`;
      case 'running':
        return html`<p>Running. It stops by itself.</p>`;
      case 'stopping':
        return html`<p>Stopping…</p>`;
      case 'question':
        return html`<p><strong>${text?.question}</strong> Everything is off.</p>`;
      case 'release':
      case 'releasing':
        return html`<p>The app saw the board’s STOP. Let go of the button, then release the board’s stop.</p>`;
      default:
        return nothing;
    }
  }

  private _actions(s: CheckState) {
    const check = this._check;
    switch (s.phase) {
      case 'ready':
        return html`<button class="primary" @click=${() => check?.run()}>${s.step ? STEP_TEXT[s.step].run : ''}</button>`;
      case 'question':
        return html`<button class="primary" @click=${() => check?.answer(true)}>Yes</button>
          <button @click=${() => check?.answer(false)}>No</button>`;
      case 'press-button':
        return html`<button @click=${() => check?.buttonDidNothing()}>The button did nothing</button>`;
      case 'release':
        return html`<button class="primary" @click=${() => check?.release()}>Release the board’s stop</button>`;
      case 'explain':
        return html`<button class="primary" @click=${() => check?.understood()}>Understood</button>`;
      default:
        return nothing;
    }
  }

  private _result(s: CheckState) {
    const end = s.end;
    const summary = this._check?.summary() ?? '';
    return html`<div class="step" data-testid="board-check-result">
      <h3>${end?.outcome === 'finished' ? 'Every step is done' : 'The check stopped'}</h3>
      ${end && end.outcome !== 'finished' ? html`<p role="alert">${end.message}</p>` : nothing}
      <pre data-testid="board-check-summary">${summary}</pre>
      <div class="row">
        <button @click=${() => this._copy(summary)}>${this._copied ? 'Copied' : 'Copy the result'}</button>
        <button @click=${this._begin}>Check again</button>
      </div>
      <p class="muted">The result stays on this page: nothing is sent anywhere.</p>
    </div>`;
  }

  private readonly _begin = async (): Promise<void> => {
    const connect = this.connect;
    if (!connect) return;
    this._watching?.unsubscribe();
    const check = await connect.openBoardCheck();
    this._check = check;
    this._copied = false;
    this._watching = check.state$.subscribe((s) => (this._state = s));
    check.begin();
  };

  private async _copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this._copied = true;
    } catch {
      // No clipboard (permission refused): the text is on the page to select by hand.
      this._copied = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-board-check': AppBoardCheck;
  }
}
