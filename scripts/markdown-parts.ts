import type { Token, Tokens } from 'marked';

/**
 * Pieces shared by the build-time Markdown compilers (guidance-content/, privacy-page/): both
 * turn `marked` tokens into plain data and report what they cannot show.
 */

/** The first line of a token's source, cut short, to name it in a problem. */
export function excerpt(raw: string): string {
  const line = raw.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** Joins neighbouring text runs, so the UI renders one text node where the Markdown had several. */
export function mergeText<Part extends { readonly kind: string }>(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (isText(part) && last && isText(last)) out[out.length - 1] = { kind: 'text', text: last.text + part.text } as unknown as Part;
    else out.push(part);
  }
  return out;
}

function isText(part: { readonly kind: string }): part is { readonly kind: 'text'; readonly text: string } {
  return part.kind === 'text';
}

/** A list item's inline tokens; anything but plain text in it (a nested list, a code block) is a problem. */
export function listItemTokens(item: Tokens.ListItem, problem: (message: string) => void): Token[] {
  const tokens: Token[] = [];
  for (const token of item.tokens) {
    if (token.type === 'text' || token.type === 'paragraph') {
      const inner = (token as Tokens.Text | Tokens.Paragraph).tokens;
      tokens.push(...(inner ?? [{ type: 'text', raw: token.raw, text: (token as Tokens.Text).text }]));
    } else if (token.type !== 'space') {
      problem(`only plain text may sit in a list item (found ${token.type}): "${excerpt(token.raw)}"`);
    }
  }
  return tokens;
}
