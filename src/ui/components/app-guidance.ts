import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { GuidancePort } from '../../app/ports.js';
import { CONTEXT_LABELS } from '../../core/guidance/contexts.js';
import { topicById, topicsFor, type Guidance } from '../../core/guidance/guidance.js';
import type { Topic, TopicId } from '../../core/guidance/types.js';
import { ObserveController } from '../controllers/observe.js';
import { guidanceContext } from '../context.js';
import { base } from '../styles.js';

/** The content and its components come in their own chunk, after the first screen. */
async function loadTopics(): Promise<readonly Topic[]> {
  const [content] = await Promise.all([
    import('virtual:guidance-content'),
    import('./app-guidance-topic.js'),
    import('./app-guidance-index.js'),
  ]);
  return content.topics;
}

/**
 * Guidance that follows the session: what fits now open, related topics folded, and every topic
 * in a list. Beside the controls on a wide screen; on a phone, one tap on "Guidance" unfolds it
 * in the page flow (never over the stop bar).
 */
@customElement('app-guidance')
export class AppGuidance extends LitElement {
  static override styles = [
    base,
    css`
      .toggle {
        width: 100%;
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        text-align: left;
      }
      .context {
        font-weight: 600;
        color: var(--accent);
        margin-top: 0;
      }
      .also {
        margin: 1rem 0 0;
        font-size: 0.92rem;
      }
      .back {
        margin-bottom: 0.5rem;
      }
      @media (max-width: 59.99rem) {
        .panel[data-open='false'] {
          display: none;
        }
        .panel {
          margin-top: 0.5rem;
        }
      }
      @media (min-width: 60rem) {
        .toggle {
          display: none;
        }
      }
    `,
  ];

  @consume({ context: guidanceContext }) @property({ attribute: false }) guidance?: GuidancePort;
  /** Unfolded on a phone (reflected, so the page can stop pinning the folded bar to the top). */
  @property({ type: Boolean, reflect: true }) open = false;
  @state() private _reading: TopicId | null = null;
  @state() private _topics: readonly Topic[] | null = null;
  @state() private _failed = false;
  private readonly _guidance = new ObserveController<Guidance | null>(this, () => this.guidance?.guidance$ ?? null, null);
  private _shownContext: string | null = null;
  private _focusTopic = false;
  /** A wide screen shows the panel beside the controls; a phone only when unfolded (the styles' 60rem). */
  private readonly _wide = typeof matchMedia === 'function' ? matchMedia('(min-width: 60rem)') : null;
  private readonly _onWidth = (): void => {
    if (this._wide?.matches !== false) this._loadTopics();
    this.requestUpdate();
  };
  private _topicsAsked = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this._wide?.addEventListener('change', this._onWidth);
    // Folded on a phone, the topics are fetched when the person reaches for the bar, not at
    // start-up: there, reading in their chunk was one of the first seconds' long tasks (issue 13).
    if (this._wide?.matches !== false) this._loadTopics();
  }

  private _loadTopics(): void {
    if (this._topicsAsked) return;
    this._topicsAsked = true;
    loadTopics().then(
      (topics) => {
        this._topics = topics;
        this._failed = false;
      },
      () => {
        // Shown as failed; the next reach for the bar (or reconnecting the page) tries again.
        this._failed = true;
        this._topicsAsked = false;
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._wide?.removeEventListener('change', this._onWidth);
  }

  override willUpdate(): void {
    if (this.open) this._loadTopics();
    // When the situation changes, guidance follows it again, even if a topic was picked by hand.
    const context = this._guidance.value?.context ?? null;
    if (context !== this._shownContext) {
      this._shownContext = context;
      this._reading = null;
    }
  }

  override updated(): void {
    // Focus moves only after the person navigated (a link, the list, Back), never on a context
    // change: that would pull focus away from the control they are using.
    if (!this._focusTopic) return;
    this._focusTopic = false;
    const topic = this.renderRoot.querySelector('app-guidance-topic');
    // On a wide screen the guidance column scrolls by itself: focus moves within it and leaves the
    // page where it is, so the countdown and the controls beside it stay in view.
    const column = this.parentElement;
    const ownScroller = column !== null && getComputedStyle(column).overflowY === 'auto';
    void topic?.updateComplete.then(() => {
      if (ownScroller) column.scrollTo({ top: 0 });
      topic.focusHeading({ preventScroll: ownScroller });
    });
  }

  override render() {
    const guidance = this._guidance.value;
    if (!guidance) return nothing;
    const label = CONTEXT_LABELS[guidance.context];
    // A finger or the keyboard on the bar fetches the topics, so they are there by the click.
    return html`<button
        class="toggle"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="guidance-panel"
        @pointerdown=${this._loadTopics}
        @focus=${this._loadTopics}
        @click=${this._toggle}
      >
        <span>${this.open ? 'Hide guidance' : 'Guidance'}</span><span class="muted">${label}</span>
      </button>
      <section id="guidance-panel" class="panel card" data-open=${this.open ? 'true' : 'false'} aria-labelledby="guidance-heading">
        <h2 id="guidance-heading">Guidance</h2>
        <p class="context" data-testid="guidance-context">${label}</p>
        ${
          // Folded on a phone, the panel is not shown: its topics are drawn when it opens, not at
          // start-up, where drawing them all was one of the longest tasks on a slow phone.
          this.open || this._wide?.matches !== false ? this._body(guidance) : nothing
        }
      </section>`;
  }

  private _body(guidance: Guidance) {
    const topics = this._topics;
    if (this._failed) return html`<p class="warn">The guidance could not be loaded. Reload the page to try again.</p>`;
    if (!topics) return html`<p class="muted">Loading guidance…</p>`;
    const reading = this._reading ? topicById(topics, this._reading) : null;
    const onOpen = (event: CustomEvent<{ id: TopicId }>) => this._read(event.detail.id);
    if (reading) {
      return html`<button class="back" @click=${() => this._read(null)}>Back to guidance for now</button>
        <app-guidance-topic .topic=${reading} open @topic-open=${onOpen}></app-guidance-topic>
        <app-guidance-index .topics=${topics} .current=${reading.id} @topic-open=${onOpen}></app-guidance-index>`;
    }
    const [first, ...rest] = topicsFor(guidance.context, topics);
    const also = guidance.also.flatMap((context) => topicsFor(context, topics).slice(0, 1));
    const folded = [...rest, ...also].filter((topic, i, all) => topic !== first && all.indexOf(topic) === i);
    return html`<app-guidance-topic .topic=${first ?? null} open @topic-open=${onOpen}></app-guidance-topic>
      ${folded.length > 0 ? html`<p class="also muted">Also useful now:</p>` : nothing}
      ${folded.map((topic) => html`<app-guidance-topic .topic=${topic} @topic-open=${onOpen}></app-guidance-topic>`)}
      <app-guidance-index .topics=${topics} @topic-open=${onOpen}></app-guidance-index>`;
  }

  private _read(id: TopicId | null): void {
    this._reading = id;
    this._focusTopic = true;
  }

  private async _toggle(): Promise<void> {
    this.open = !this.open;
    if (!this.open) return;
    // The folded bar may be pinned while the page is scrolled, and unfolded it leaves the pin:
    // bring it back into view then. Where it was not pinned, the page stays where it is.
    await this.updateComplete;
    if (this.getBoundingClientRect().top < 0) this.scrollIntoView({ block: 'start' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-guidance': AppGuidance;
  }
}
