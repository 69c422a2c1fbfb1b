import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { HOLDS, STRETCH_RULES, STRETCHES, type Hold, type StretchFigure } from '../../core/guidance/stretches.js';
import { base } from '../styles.js';

type Phase = 'offer' | 'ready' | 'holding' | 'held' | 'done' | 'stopped' | 'skipped';

const HOLD_MS = STRETCH_RULES.holdSeconds.value * 1000;

/**
 * A few gentle stretches after a session (core/guidance/stretches.ts has what and why), one hold
 * at a time with a timer and a figure. Entirely optional: it can be skipped at any point, and it
 * says to stop when a stretch hurts or leg symptoms spread. Loaded on demand; nothing is stored.
 */
@customElement('app-stretch-routine')
export class AppStretchRoutine extends LitElement {
  static override styles = [
    base,
    css`
      figure {
        margin: 0.4rem 0;
      }
      svg {
        width: 100%;
        max-width: 18rem;
        height: auto;
        color: var(--ink);
      }
      .floor {
        stroke: var(--line-strong);
      }
      .towel {
        stroke: var(--accent);
      }
      .timer {
        font-size: 2.2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        margin: 0.2rem 0;
      }
      ol {
        padding-left: 1.3rem;
      }
    `,
  ];

  /** The session it follows: a new session offers the routine afresh. */
  @property({ attribute: 'session-id' }) sessionId = '';
  @state() private _phase: Phase = 'offer';
  @state() private _index = 0;
  @state() private _endsAt = 0;
  @state() private _now = Date.now();
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _forSession = '';

  override willUpdate(): void {
    if (this.sessionId !== this._forSession) {
      this._forSession = this.sessionId;
      this._reset('offer');
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._clearTimer();
  }

  override render() {
    if (this._phase === 'skipped') return nothing;
    return html`<section class="card" aria-labelledby="stretch-heading" data-testid="stretch-routine">
      <h2 id="stretch-heading">Gentle stretches, if you like</h2>
      ${this._body()}
    </section>`;
  }

  private _body() {
    const warning = html`<p class="warn" data-testid="stretch-warning">
      <strong>Stop at once</strong> if a stretch hurts, or if pain, numbness or tingling spreads down your leg. Do not push through it.
    </p>`;
    switch (this._phase) {
      case 'offer':
        return html`<p>
            Muscles are warm after the massage. ${STRETCHES.length} stretches lying on your back ease the lower back, buttocks and backs of
            the thighs, ${STRETCH_RULES.holdSeconds.value} seconds each. Stretch to a mild pull, never to pain.
          </p>
          ${warning}
          <div class="row">
            <button class="primary" @click=${() => (this._phase = 'ready')}>Start the stretches</button>
            <button @click=${() => this._reset('skipped')}>Skip the stretches</button>
          </div>`;
      case 'ready':
      case 'holding':
      case 'held': {
        const hold = HOLDS[this._index];
        return hold ? this._hold(hold, warning) : nothing;
      }
      case 'done':
        return html`<p role="status">
            That is the routine. A physiotherapist can give you exercises that suit your back; do them beside the massager.
          </p>
          <button @click=${() => this._reset('skipped')}>Close</button>`;
      case 'stopped':
        return html`<p class="warn" role="status" data-testid="stretch-stopped">
            Stretches stopped. Lie still and rest. If pain, numbness or tingling keeps spreading down your leg, or both legs are affected,
            see a doctor; get emergency care now for numbness around your genitals or anus, or bladder or bowel trouble.
          </p>
          <button @click=${() => this._reset('skipped')}>Close</button>`;
      default:
        return nothing;
    }
  }

  private _hold(hold: Hold, warning: unknown) {
    const { stretch, side } = hold;
    const left = this._phase === 'holding' ? Math.max(0, this._endsAt - this._now) : this._phase === 'held' ? 0 : HOLD_MS;
    const seconds = Math.ceil(left / 1000);
    const last = this._index === HOLDS.length - 1;
    return html`<h3 id="hold-heading">
        ${this._index + 1} of ${HOLDS.length}: ${stretch.name}${side ? `, ${side} leg` : ''}
        <span class="muted">(${stretch.area})</span>
      </h3>
      <figure>${this._figure(stretch.id, `${stretch.name}: a figure lying on its back. ${stretch.steps[1] ?? ''}`)}</figure>
      <ol>
        ${stretch.steps.map((step) => html`<li>${side ? step.replace('one ', `your ${side} `) : step}</li>`)}
      </ol>
      ${warning}
      <p class="timer" data-testid="stretch-timer" aria-label=${`${seconds} seconds left`}>0:${String(seconds).padStart(2, '0')}</p>
      ${this._phase === 'held' ? html`<p role="status" data-testid="stretch-held">Done. Let go slowly.</p>` : nothing}
      <div class="row">
        ${
          this._phase === 'ready'
            ? html`<button class="primary" @click=${this._startHold}>Start the ${STRETCH_RULES.holdSeconds.value}-second hold</button>`
            : this._phase === 'held'
              ? html`<button class="primary" @click=${this._next}>${last ? 'Finish' : 'Next stretch'}</button>`
              : nothing
        }
        <button @click=${this._stopForSymptoms}>It hurts: stop</button>
        ${this._phase !== 'held' ? html`<button @click=${this._next}>${last ? 'Skip and finish' : 'Skip this one'}</button>` : nothing}
        <button @click=${() => this._reset('skipped')}>Skip the stretches</button>
      </div>`;
  }

  private _startHold(): void {
    this._now = Date.now();
    this._endsAt = this._now + HOLD_MS;
    this._phase = 'holding';
    this._clearTimer();
    this._timer = setInterval(() => {
      this._now = Date.now();
      if (this._now >= this._endsAt) {
        this._clearTimer();
        this._phase = 'held';
      }
    }, 250);
  }

  private _next(): void {
    this._clearTimer();
    if (this._index >= HOLDS.length - 1) {
      this._phase = 'done';
      return;
    }
    this._index += 1;
    this._phase = 'ready';
  }

  private _stopForSymptoms(): void {
    this._clearTimer();
    this._phase = 'stopped';
  }

  private _reset(phase: Phase): void {
    this._clearTimer();
    this._index = 0;
    this._phase = phase;
  }

  private _clearTimer(): void {
    if (this._timer !== null) clearInterval(this._timer);
    this._timer = null;
  }

  /** Simple line figures lying on a floor, head to the left; drawn here, not fetched. */
  private _figure(id: StretchFigure, label: string) {
    const head = svg`<circle cx="28" cy="64" r="9" fill="none" />`;
    const body = svg`<line x1="38" y1="68" x2="110" y2="72" />`;
    const limbs: Record<StretchFigure, ReturnType<typeof svg>> = {
      // One knee drawn to the chest, hands round it; the other leg bent, foot down.
      'knee-hug': svg`<polyline points="110,72 84,40 104,50" fill="none" />
        <polyline points="110,72 140,48 164,76" fill="none" />
        <polyline points="52,68 72,52 86,44" fill="none" />`,
      // One ankle on the other knee; that thigh drawn toward the chest.
      'figure-four': svg`<polyline points="110,72 108,40 132,52" fill="none" />
        <polyline points="110,72 136,60 108,42" fill="none" />
        <polyline points="52,68 80,50 104,44" fill="none" />`,
      // One leg raised, knee a little bent, a towel from the hands to the foot.
      'towel-thigh': svg`<polyline points="110,72 126,38 132,14" fill="none" />
        <polyline points="110,72 140,48 164,76" fill="none" />
        <polyline points="52,68 70,48 88,36" fill="none" />
        <polyline class="towel" points="88,36 132,12" fill="none" />`,
      // Both knees bent, feet flat; an arrow shows the small of the back pressing down.
      'pelvic-tilt': svg`<polyline points="110,72 134,44 158,76" fill="none" />
        <polyline points="104,72 128,46 150,76" fill="none" />
        <polyline points="52,68 74,74 96,74" fill="none" />
        <polyline class="towel" points="76,44 76,62 70,56 76,62 82,56" fill="none" />`,
    };
    return html`<svg viewBox="0 0 200 90" role="img" aria-label=${label}>
      <g stroke="currentColor" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">${head}${body}${limbs[id]}</g>
      <line class="floor" x1="4" y1="80" x2="196" y2="80" stroke-width="2" />
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-stretch-routine': AppStretchRoutine;
  }
}
