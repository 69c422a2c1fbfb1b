import type { SourceId } from '../safety/sources.js';
import type { GuidanceContext } from './contexts.js';
import type { FactId } from './facts.js';

/**
 * Guidance text as data. The Markdown in content/ is compiled into these blocks at build time
 * (scripts/guidance-content/), so the browser gets no Markdown parser and no HTML strings: the UI
 * turns each block into a Lit template.
 */
export type TopicId = string;

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  /** A link to another topic, by id (written `[words](topic:other-id)` in the Markdown). */
  | { readonly kind: 'link'; readonly topic: TopicId; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: 'heading'; readonly children: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] };

/** A drawing the UI shows with a topic. */
export const FIGURES = ['body-map'] as const;
export type Figure = (typeof FIGURES)[number];

export interface Topic {
  readonly id: TopicId;
  readonly title: string;
  /** The situations it belongs to; the first decides where the topic list files it. */
  readonly contexts: readonly GuidanceContext[];
  /** Which facts of the source article it covers (facts.ts). */
  readonly facts: readonly FactId[];
  /** Where the numbers it gives come from (safety/sources.ts). */
  readonly sources: readonly SourceId[];
  readonly figure: Figure | null;
  readonly blocks: readonly Block[];
}
