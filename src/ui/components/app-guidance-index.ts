import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { guidanceIndex } from '../../core/guidance/guidance.js';
import type { Topic, TopicId } from '../../core/guidance/types.js';
import { base } from '../styles.js';
import type { TopicOpen } from './app-guidance-topic.js';

/**
 * Every guidance topic, by when it matters, so nothing is reachable only by luck.
 *
 * @fires topic-open - the person chose a topic to read
 */
@customElement('app-guidance-index')
export class AppGuidanceIndex extends LitElement {
  static override styles = [
    base,
    css`
      details {
        border-top: 1px solid var(--line);
        margin-top: 0.6rem;
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
      h3 {
        font-size: 0.95rem;
        color: var(--ink-soft);
        margin: 0.6rem 0 0.2rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      button {
        width: 100%;
        text-align: left;
        padding: 0.4rem 0.8rem;
      }
      button[aria-current='true'] {
        border-color: var(--accent);
        background: var(--surface-alt);
      }
    `,
  ];

  @property({ attribute: false }) topics: readonly Topic[] = [];
  /** The topic being read, marked in the list. */
  @property({ attribute: false }) current: TopicId | null = null;

  override render() {
    return html`<details>
      <summary>All guidance (${this.topics.length} topics)</summary>
      <nav aria-label="All guidance">
        ${guidanceIndex(this.topics).map(
          (section) =>
            html`<h3>${section.title}</h3>
              <ul>
                ${section.topics.map(
                  (topic) =>
                    html`<li>
                      <button aria-current=${this.current === topic.id ? 'true' : 'false'} @click=${() => this._open(topic.id)}>
                        ${topic.title}
                      </button>
                    </li>`,
                )}
              </ul>`,
        )}
      </nav>
    </details>`;
  }

  private _open(id: TopicId): void {
    this.dispatchEvent(new CustomEvent<TopicOpen>('topic-open', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-guidance-index': AppGuidanceIndex;
  }
}
