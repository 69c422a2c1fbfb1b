import { html, type TemplateResult } from 'lit';
import type { Block, Inline, TopicId } from '../core/guidance/types.js';

/**
 * Guidance blocks to Lit templates. The text goes in as text nodes, never as HTML, so nothing in
 * the content can become markup; links to other topics become buttons that open them.
 */
export function renderBlocks(blocks: readonly Block[], openTopic: (id: TopicId) => void): TemplateResult[] {
  return blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return html`<h4>${renderInline(block.children, openTopic)}</h4>`;
      case 'paragraph':
        return html`<p>${renderInline(block.children, openTopic)}</p>`;
      case 'list': {
        const items = block.items.map((item) => html`<li>${renderInline(item, openTopic)}</li>`);
        return block.ordered
          ? html`<ol>
              ${items}
            </ol>`
          : html`<ul>
              ${items}
            </ul>`;
      }
    }
  });
}

export function renderInline(parts: readonly Inline[], openTopic: (id: TopicId) => void): (TemplateResult | string)[] {
  return parts.map((part) => {
    switch (part.kind) {
      case 'text':
        return part.text;
      case 'em':
        return html`<em>${renderInline(part.children, openTopic)}</em>`;
      case 'strong':
        return html`<strong>${renderInline(part.children, openTopic)}</strong>`;
      case 'link':
        return html`<button class="topic-link" @click=${() => openTopic(part.topic)}>${renderInline(part.children, openTopic)}</button>`;
    }
  });
}
