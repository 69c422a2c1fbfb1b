import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument, DocumentError, documentModule } from '../../scripts/privacy-page/compile.js';
import type { DocBlock, DocInline } from '../../src/core/document/types.js';

function problemsOf(markdown: string): readonly string[] {
  try {
    compileDocument(markdown, 'docs/x.md');
  } catch (error: unknown) {
    if (error instanceof DocumentError) return error.problems;
    throw error;
  }
  return [];
}

function text(inlines: readonly DocInline[]): string {
  return inlines.map((part) => ('children' in part ? text(part.children) : part.text)).join('');
}

describe('docs/privacy.md, shown in the app from the same words', () => {
  const privacy = compileDocument(readFileSync('docs/privacy.md', 'utf8'), 'docs/privacy.md');

  it('opens with its title for the person who reads it, not with a note to its writers', () => {
    expect(privacy.title).toBe('Your data stays in your browser');
    expect(privacy.blocks[0]).toMatchObject({ kind: 'heading' });
  });

  it('keeps every section, the table of what is kept, and the names in code', () => {
    const headings = privacy.blocks
      .filter((b): b is Extract<DocBlock, { kind: 'heading' }> => b.kind === 'heading')
      .map((b) => text(b.children));
    expect(headings).toEqual(expect.arrayContaining(['What Easeback keeps', 'Where', 'What is sent anywhere', 'Removing it']));
    const table = privacy.blocks.find((b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table');
    expect(table?.rows.map((row) => text(row[0] ?? []))).toEqual(['settings', 'sessions', 'profiles', 'damaged']);
    expect(JSON.stringify(privacy)).toContain('{"kind":"code","text":"easeback.checkin-alerts"}');
  });

  it('refuses a note before the title, a link (it would lead off the page), and Markdown it cannot show', () => {
    expect(problemsOf('> Note for writers\n\n# Title\n\nText.')).toEqual(['unsupported Markdown (blockquote): "> Note for writers"']);
    expect(problemsOf('Draft, do not ship.\n\n# Title\n\nText.')).toEqual([
      'only the first line may be a "#" title: "# Title"',
      'the document must open with its "#" title',
    ]);
    expect(problemsOf('# Title\n\nSee [the site](https://example.com).')).toEqual([
      'unsupported inline Markdown (link): "[the site](https://example.com)"',
    ]);
    expect(problemsOf('# Title\n\nText.\n\n### Deep\n\n```\ncode\n```')).toEqual([
      'use "##" for sections: "### Deep"',
      'unsupported Markdown (code): "```"',
    ]);
    expect(problemsOf('')).toEqual(['the document must open with its "#" title', 'the document is empty']);
  });

  it('gives text, never HTML: characters marked escapes come back as themselves', () => {
    const doc = compileDocument('# T\n\nA < b & "quote" it\'s `a<b>`', 'docs/x.md');
    expect(doc.blocks).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'A < b & "quote" it\'s ' },
          { kind: 'code', text: 'a<b>' },
        ],
      },
    ]);
    expect(documentModule(doc)).toBe(`export const privacy = ${JSON.stringify(doc)};\n`);
  });
});
