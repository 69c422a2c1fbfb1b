/**
 * A document of the repository (docs/privacy.md) as plain data, so the app can show the very
 * same words without shipping a Markdown parser or building HTML from strings: it is compiled at
 * build time (scripts/privacy-page/) and the UI turns each block into a Lit template.
 */
export type DocInline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'em'; readonly children: readonly DocInline[] }
  | { readonly kind: 'strong'; readonly children: readonly DocInline[] }
  /** A name from the code or the browser (`easeback`, `settings`): shown as code. */
  | { readonly kind: 'code'; readonly text: string };

export type DocBlock =
  | { readonly kind: 'heading'; readonly children: readonly DocInline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly DocInline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly DocInline[])[] }
  | {
      readonly kind: 'table';
      readonly header: readonly (readonly DocInline[])[];
      readonly rows: readonly (readonly (readonly DocInline[])[])[];
    };

export interface CompiledDocument {
  /** The document's one "#" heading. */
  readonly title: string;
  /** Everything after it; headings are its "##" sections. */
  readonly blocks: readonly DocBlock[];
}
