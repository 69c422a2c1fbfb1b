import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { privacy } from 'virtual:privacy-document';
import type { DocBlock, DocInline } from '../../core/document/types.js';
import { base, readingPage } from '../styles.js';

/**
 * What Easeback keeps, where, and what it sends (nothing): docs/privacy.md itself, compiled at
 * build time (scripts/privacy-page/), so the page and the repository's document never say
 * different things. Served from the app's own files like every other part: reading it makes no
 * request to anywhere else. Loaded on demand.
 *
 * @fires privacy-close - the person is done reading and goes back where they were
 */
@customElement('app-privacy')
export class AppPrivacy extends LitElement {
  static override styles = [
    base,
    readingPage,
    css`
      ul,
      ol {
        padding-left: 1.2rem;
      }
      li {
        margin-bottom: 0.4rem;
      }
      code {
        overflow-wrap: anywhere;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        margin: 0.6rem 0;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--line);
        /* A phone never scrolls sideways: long words wrap inside their cell. */
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Where "Back" goes, named on the button. */
  @property({ attribute: 'back-label' }) backLabel = 'Back';
  @query('h2') private _heading?: HTMLElement;

  override firstUpdated(): void {
    // A new page: its heading is read next, as after following a link.
    this._heading?.focus();
  }

  override render() {
    return html`<article class="card" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading" tabindex="-1">${privacy.title}</h2>
        ${privacy.blocks.map((block) => this._block(block))}
      </article>
      <p><button @click=${this._close}>${this.backLabel}</button></p>`;
  }

  private _block(block: DocBlock) {
    switch (block.kind) {
      case 'heading':
        return html`<h3>${inline(block.children)}</h3>`;
      case 'paragraph':
        return html`<p>${inline(block.children)}</p>`;
      case 'list':
        return block.ordered
          ? html`<ol>
              ${block.items.map((item) => html`<li>${inline(item)}</li>`)}
            </ol>`
          : html`<ul>
              ${block.items.map((item) => html`<li>${inline(item)}</li>`)}
            </ul>`;
      case 'table':
        return html`<table>
          <thead>
            <tr>
              ${block.header.map((cell) => html`<th scope="col">${inline(cell)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${block.rows.map(
              (row) =>
                html`<tr>
                  ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${inline(cell)}</th>` : html`<td>${inline(cell)}</td>`))}
                </tr>`,
            )}
          </tbody>
        </table>`;
    }
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('privacy-close', { bubbles: true, composed: true }));
  }
}

function inline(parts: readonly DocInline[]): unknown[] {
  return parts.map((part) => {
    switch (part.kind) {
      case 'text':
        return part.text;
      case 'code':
        return html`<code>${part.text}</code>`;
      case 'em':
        return html`<em>${inline(part.children)}</em>`;
      case 'strong':
        return html`<strong>${inline(part.children)}</strong>`;
      default:
        return nothing;
    }
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'app-privacy': AppPrivacy;
  }
}
