import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Topic, TopicId } from '../../core/guidance/types.js';
import { renderBlocks } from '../guidance-blocks.js';
import { base } from '../styles.js';
import './app-body-map.js';

export interface TopicOpen {
  readonly id: TopicId;
}

/**
 * One guidance topic: open, or folded into a disclosure the person opens with one tap.
 *
 * @fires topic-open - a link to another topic was followed
 */
@customElement('app-guidance-topic')
export class AppGuidanceTopic extends LitElement {
  static override styles = [
    base,
    css`
      h3 {
        margin-top: 0.2rem;
      }
      h4 {
        font-size: 1rem;
        margin: 0.9rem 0 0.2rem;
      }
      ul,
      ol {
        margin: 0.3rem 0;
        padding-left: 1.3rem;
      }
      li {
        margin: 0.25rem 0;
      }
      details {
        border-top: 1px solid var(--line);
      }
      summary {
        min-height: 44px;
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 600;
        cursor: pointer;
        list-style: none;
      }
      summary::before {
        /* Flex takes away the built-in marker: draw one, so it reads as something to open. */
        content: '';
        flex: none;
        width: 0.5rem;
        height: 0.5rem;
        border-right: 2px solid currentColor;
        border-bottom: 2px solid currentColor;
        transform: rotate(-45deg);
      }
      details[open] > summary::before {
        transform: rotate(45deg);
      }
      .topic-link {
        min-height: 0;
        min-width: 0;
        padding: 0;
        border: 0;
        border-radius: 0.2rem;
        background: none;
        color: var(--accent);
        text-decoration: underline;
        text-underline-offset: 0.15em;
        font: inherit;
      }
      app-body-map {
        margin: 0.6rem 0;
      }
    `,
  ];

  @property({ attribute: false }) topic: Topic | null = null;
  /** Shown in full; otherwise folded under its title. */
  @property({ type: Boolean }) open = false;
  @query('h3') private _heading?: HTMLElement;
  @query('details') private _details?: HTMLDetailsElement;

  /** Moves focus to the title, after the topic was opened from a link or the list. */
  focusHeading(options: FocusOptions = {}): void {
    this._heading?.focus(options);
  }

  override updated(changed: PropertyValues<this>): void {
    // The panel reuses this element when the guidance changes: a new topic starts folded, rather
    // than inheriting the unfolded state of the one that was here before.
    const before = changed.get('topic');
    if (before && before.id !== this.topic?.id && this._details) this._details.open = false;
  }

  override render() {
    const topic = this.topic;
    if (!topic) return nothing;
    const body = html`${renderBlocks(topic.blocks, (id) => this._open(id))}
    ${topic.figure === 'body-map' ? html`<app-body-map></app-body-map>` : nothing}`;
    if (this.open) {
      return html`<article aria-labelledby="topic-title" data-topic=${topic.id}>
        <h3 id="topic-title" tabindex="-1">${topic.title}</h3>
        ${body}
      </article>`;
    }
    return html`<details data-topic=${topic.id}>
      <summary>${topic.title}</summary>
      ${body}
    </details>`;
  }

  private _open(id: TopicId): void {
    this.dispatchEvent(new CustomEvent<TopicOpen>('topic-open', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-guidance-topic': AppGuidanceTopic;
  }
  interface HTMLElementEventMap {
    'topic-open': CustomEvent<TopicOpen>;
  }
}
