import { lexer, type Token, type Tokens } from 'marked';
import type { CompiledDocument, DocBlock, DocInline } from '../../src/core/document/types.js';
import { excerpt, listItemTokens, mergeText } from '../markdown-parts.js';

/**
 * Turns docs/privacy.md into plain data at build time (Node side only: `marked` never reaches
 * the browser), so the app's privacy page and the repository's document are one text. Anything
 * the page could not show faithfully fails the build, every problem listed with the file.
 */
export class DocumentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} cannot be shown in the app (${problems.length} problem(s)):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'DocumentError';
  }
}

export function compileDocument(markdown: string, file: string): CompiledDocument {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);
  let title: string | null = null;
  const blocks: DocBlock[] = [];
  for (const token of lexer(markdown)) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const heading = token as Tokens.Heading;
        if (heading.depth === 1) {
          if (title !== null || blocks.length > 0) problem(`only the first line may be a "#" title: "${excerpt(heading.raw)}"`);
          else title = heading.text.trim();
        } else if (heading.depth === 2) {
          blocks.push({ kind: 'heading', children: inlines(heading.tokens, problem) });
        } else {
          problem(`use "##" for sections: "${excerpt(heading.raw)}"`);
        }
        break;
      }
      case 'paragraph':
        blocks.push({ kind: 'paragraph', children: inlines((token as Tokens.Paragraph).tokens, problem) });
        break;
      case 'list': {
        const list = token as Tokens.List;
        blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map((item) => listItem(item, problem)) });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        blocks.push({
          kind: 'table',
          header: table.header.map((cell) => inlines(cell.tokens, problem)),
          rows: table.rows.map((row) => row.map((cell) => inlines(cell.tokens, problem))),
        });
        break;
      }
      default:
        problem(`unsupported Markdown (${token.type}): "${excerpt(token.raw)}"`);
    }
  }
  // A note to the document's writers must not open what a person reads: the title comes first.
  if (title === null) problem('the document must open with its "#" title');
  if (blocks.length === 0) problem('the document is empty');
  if (problems.length > 0) throw new DocumentError(file, problems);
  return { title: title ?? '', blocks };
}

function listItem(item: Tokens.ListItem, problem: (message: string) => void): DocInline[] {
  return inlines(listItemTokens(item, problem), problem);
}

function inlines(tokens: readonly Token[], problem: (message: string) => void): DocInline[] {
  const out: DocInline[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) out.push(...inlines(text.tokens, problem));
        else out.push({ kind: 'text', text: decode(text.text).replace(/\s*\n\s*/g, ' ') });
        break;
      }
      case 'em':
        out.push({ kind: 'em', children: inlines((token as Tokens.Em).tokens, problem) });
        break;
      case 'strong':
        out.push({ kind: 'strong', children: inlines((token as Tokens.Strong).tokens, problem) });
        break;
      case 'codespan':
        out.push({ kind: 'code', text: decode((token as Tokens.Codespan).text) });
        break;
      case 'br':
        out.push({ kind: 'text', text: ' ' });
        break;
      default:
        // Links among them: the app must not send anyone off its origin, and a repository path means nothing there.
        problem(`unsupported inline Markdown (${token.type}): "${excerpt(token.raw)}"`);
    }
  }
  return mergeText(out);
}

/** marked escapes &, <, >, " and ' in text for HTML; the page renders text, not HTML. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The virtual module's source: plain data, nothing to run. */
export function documentModule(document: CompiledDocument): string {
  return `export const privacy = ${JSON.stringify(document)};\n`;
}
