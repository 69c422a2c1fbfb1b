import { describe, expect, it } from 'vitest';
import { compileContent, ContentError, contentModule, type ContentFile, type KnownIds } from '../../scripts/guidance-content/compile.js';

const KNOWN: KnownIds = { contexts: ['idle', 'heat-on'], facts: ['fact-a', 'fact-b'], sources: ['source-a'] };

function file(path: string, frontMatter: string, body = 'Some words.'): ContentFile {
  return { path, text: `---\n${frontMatter}\n---\n${body}\n` };
}

const GOOD = 'id: first\ntitle: First topic\ncontexts: [idle]\nfacts: [fact-a]\nsources: [source-a]';

function problemsOf(files: ContentFile[]): string[] {
  try {
    compileContent(files, KNOWN);
  } catch (error: unknown) {
    if (error instanceof ContentError) return error.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('guidance content compiler', () => {
  it('turns headings, paragraphs, lists and inline emphasis into blocks the UI renders without HTML', () => {
    const body = [
      'A *gentle* start and a **firm** rule, with [a link](topic:second).',
      'Same paragraph, next line.',
      '',
      '## A heading',
      '',
      '- one **bold _and em_**',
      '- two',
      '',
      '1. first',
      '2. second',
    ].join('\n');
    const [topic] = compileContent(
      [file('content/a.md', GOOD, body), file('content/b.md', 'id: second\ntitle: Second\ncontexts: [heat-on]')],
      KNOWN,
    );
    expect(topic).toEqual({
      id: 'first',
      title: 'First topic',
      contexts: ['idle'],
      facts: ['fact-a'],
      sources: ['source-a'],
      figure: null,
      blocks: [
        {
          kind: 'paragraph',
          children: [
            { kind: 'text', text: 'A ' },
            { kind: 'em', children: [{ kind: 'text', text: 'gentle' }] },
            { kind: 'text', text: ' start and a ' },
            { kind: 'strong', children: [{ kind: 'text', text: 'firm' }] },
            { kind: 'text', text: ' rule, with ' },
            { kind: 'link', topic: 'second', children: [{ kind: 'text', text: 'a link' }] },
            { kind: 'text', text: '. Same paragraph, next line.' },
          ],
        },
        { kind: 'heading', children: [{ kind: 'text', text: 'A heading' }] },
        {
          kind: 'list',
          ordered: false,
          items: [
            [
              { kind: 'text', text: 'one ' },
              {
                kind: 'strong',
                children: [
                  { kind: 'text', text: 'bold ' },
                  { kind: 'em', children: [{ kind: 'text', text: 'and em' }] },
                ],
              },
            ],
            [{ kind: 'text', text: 'two' }],
          ],
        },
        { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second' }]] },
      ],
    });
  });

  it('keeps characters that would be markup in HTML as plain text, for Lit to render as text', () => {
    const [topic] = compileContent([file('content/a.md', GOOD, 'Heat & pain: 40 °C is < 41 °C, it’s "fine" \\*not bold\\*.')], KNOWN);
    expect(topic?.blocks).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Heat & pain: 40 °C is < 41 °C, it’s "fine" *not bold*.' }] },
    ]);
  });

  it('names the file and the field of every front matter mistake, all in one error', () => {
    const problems = problemsOf([
      file('content/bad.md', 'id: Bad Id\ncontexts: [idle, nowhere]\nfacts: [fact-z]\nsources: [made-up]\nfigure: chart\ncolour: red'),
    ]);
    expect(problems).toEqual([
      'content/bad.md: colour: unknown field (allowed: id, title, contexts, facts, sources, figure)',
      'content/bad.md: id: required, lower-case words joined by hyphens',
      'content/bad.md: title: required, a non-empty string',
      'content/bad.md: contexts: unknown id "nowhere"',
      'content/bad.md: facts: unknown id "fact-z"',
      'content/bad.md: sources: unknown id "made-up"',
      'content/bad.md: figure: unknown figure "chart" (known: body-map)',
    ]);
  });

  it('refuses a topic that belongs to no situation, since the UI could never show it', () => {
    expect(problemsOf([file('content/a.md', 'id: a\ntitle: A\ncontexts: []')])).toEqual([
      'content/a.md: contexts: must name at least one id',
    ]);
    expect(problemsOf([file('content/a.md', 'id: a\ntitle: A')])).toEqual([
      'content/a.md: contexts: required, a list with at least one id',
    ]);
  });

  it('refuses a file without front matter, or with broken YAML', () => {
    expect(problemsOf([{ path: 'content/plain.md', text: 'Just text.' }])).toEqual([
      'content/plain.md: front matter: the file must start with a "---" line, the YAML front matter, and another "---" line',
    ]);
    const [broken] = problemsOf([file('content/broken.md', 'id: a\ntitle: [unclosed')]);
    expect(broken).toMatch(/^content\/broken\.md: front matter: /);
  });

  it('refuses two files with the same id, and links to topics that do not exist', () => {
    expect(problemsOf([file('content/a.md', GOOD, 'See [this](topic:missing).'), file('content/b.md', GOOD)])).toEqual([
      'content/b.md: id: "first" is already used by content/a.md',
      'content/a.md: body: link to unknown topic "missing"',
    ]);
  });

  it('refuses links that leave the app, raw HTML and Markdown the UI does not render', () => {
    const body = [
      'See [a site](https://example.com) and <b>this</b>.',
      '',
      '> a quote',
      '',
      '# Top heading',
      '',
      '```',
      'code',
      '```',
    ].join('\n');
    expect(problemsOf([file('content/a.md', GOOD, body)])).toEqual([
      'content/a.md: body: links may only point at other topics, as (topic:some-id); found "https://example.com"',
      'content/a.md: body: unsupported inline Markdown (html): "<b>"',
      'content/a.md: body: unsupported inline Markdown (html): "</b>"',
      'content/a.md: body: unsupported Markdown (blockquote): "> a quote"; use paragraphs, "##" headings and lists',
      'content/a.md: body: use "##" for headings inside a topic (the title is the top heading): "# Top heading"',
      'content/a.md: body: unsupported Markdown (code): "```"; use paragraphs, "##" headings and lists',
    ]);
  });

  it('refuses an empty folder rather than shipping a UI with no guidance', () => {
    expect(problemsOf([])).toEqual(['(content folder): files: no .md files found']);
  });

  it('emits a module of plain data: nothing in it runs', () => {
    const topics = compileContent([file('content/a.md', GOOD)], KNOWN);
    const source = contentModule(topics);
    expect(source).toBe(`export const topics = ${JSON.stringify(topics)};\n`);
  });
});
