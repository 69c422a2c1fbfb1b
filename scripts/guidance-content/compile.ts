import { lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { GUIDANCE_CONTEXTS, type GuidanceContext } from '../../src/core/guidance/contexts.js';
import { FACT_IDS, type FactId } from '../../src/core/guidance/facts.js';
import { FIGURES, type Block, type Figure, type Inline, type Topic } from '../../src/core/guidance/types.js';
import { SOURCES, type SourceId } from '../../src/core/safety/sources.js';
import { excerpt, listItemTokens, mergeText } from '../markdown-parts.js';

/**
 * Turns content/*.md into Topic data at build time (Node side only: neither `marked` nor `yaml`
 * reaches the browser). Everything a file can get wrong is reported with the file and the field,
 * all at once, so one build shows every mistake.
 */
export interface ContentFile {
  /** Shown in errors, e.g. "content/careful-heat.md". */
  readonly path: string;
  readonly text: string;
}

/** What a file may name. Tests pass smaller sets; the build uses the app's own lists. */
export interface KnownIds {
  readonly contexts: readonly string[];
  readonly facts: readonly string[];
  readonly sources: readonly string[];
}

export const APP_IDS: KnownIds = { contexts: GUIDANCE_CONTEXTS, facts: FACT_IDS, sources: Object.keys(SOURCES) };

export interface ContentProblem {
  readonly file: string;
  /** The front matter field, or "body" for the Markdown. */
  readonly field: string;
  readonly message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    super(
      `Guidance content has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}

const FIELDS = ['id', 'title', 'contexts', 'facts', 'sources', 'figure'] as const;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TOPIC_LINK = /^topic:([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Compiles every file; throws one ContentError listing every problem found. */
export function compileContent(files: readonly ContentFile[], known: KnownIds = APP_IDS): Topic[] {
  const problems: ContentProblem[] = [];
  const compiled: { file: string; topic: Topic; links: string[] }[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const result = compileFile(file, known, problems);
    if (result) compiled.push({ file: file.path, ...result });
  }
  const seen = new Map<string, string>();
  for (const { file, topic } of compiled) {
    const first = seen.get(topic.id);
    if (first) problems.push({ file, field: 'id', message: `"${topic.id}" is already used by ${first}` });
    else seen.set(topic.id, file);
  }
  for (const { file, links } of compiled) {
    for (const target of links) {
      if (!seen.has(target)) problems.push({ file, field: 'body', message: `link to unknown topic "${target}"` });
    }
  }
  if (files.length === 0) problems.push({ file: '(content folder)', field: 'files', message: 'no .md files found' });
  if (problems.length > 0) throw new ContentError(problems);
  return compiled.map((c) => c.topic);
}

/** The virtual module's source: plain data, nothing to run. */
export function contentModule(topics: readonly Topic[]): string {
  return `export const topics = ${JSON.stringify(topics)};\n`;
}

function compileFile(file: ContentFile, known: KnownIds, problems: ContentProblem[]): { topic: Topic; links: string[] } | null {
  const problem = (field: string, message: string) => problems.push({ file: file.path, field, message });
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(file.text);
  if (!match) {
    problem('front matter', 'the file must start with a "---" line, the YAML front matter, and another "---" line');
    return null;
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error: unknown) {
    problem('front matter', error instanceof YAMLParseError ? (error.message.split('\n')[0] ?? 'invalid YAML') : String(error));
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problem('front matter', 'must be a YAML mapping (field: value lines)');
    return null;
  }
  const fields = data as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(fields)) {
    if (!(FIELDS as readonly string[]).includes(key)) problem(key, `unknown field (allowed: ${FIELDS.join(', ')})`);
  }
  const id = fields.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) problem('id', 'required, lower-case words joined by hyphens');
  const title = fields.title;
  if (typeof title !== 'string' || title.trim() === '') problem('title', 'required, a non-empty string');
  const contexts = idList(fields.contexts, 'contexts', known.contexts, true, problem);
  const facts = idList(fields.facts, 'facts', known.facts, false, problem);
  const sources = idList(fields.sources, 'sources', known.sources, false, problem);
  const figure = fields.figure ?? null;
  if (figure !== null && !(FIGURES as readonly unknown[]).includes(figure)) {
    problem('figure', `unknown figure ${JSON.stringify(figure)} (known: ${FIGURES.join(', ')})`);
  }
  const links: string[] = [];
  const blocks = compileBody(match[2] ?? '', links, (message) => problem('body', message));
  if (blocks.length === 0) problem('body', 'is empty');
  if (problems.length > before) return null;
  return {
    topic: {
      id: id as string,
      title: (title as string).trim(),
      contexts: contexts as GuidanceContext[],
      facts: facts as FactId[],
      sources: sources as SourceId[],
      figure: figure as Figure | null,
      blocks,
    },
    links,
  };
}

function idList(
  value: unknown,
  field: string,
  known: readonly string[],
  required: boolean,
  problem: (field: string, message: string) => void,
): string[] {
  if (value === undefined || value === null) {
    if (required) problem(field, 'required, a list with at least one id');
    return [];
  }
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    problem(field, 'must be a list of ids, e.g. [a, b]');
    return [];
  }
  if (required && value.length === 0) problem(field, 'must name at least one id');
  const seen = new Set<string>();
  for (const id of value) {
    if (!known.includes(id)) problem(field, `unknown id "${id}"`);
    if (seen.has(id)) problem(field, `"${id}" is listed twice`);
    seen.add(id);
  }
  return value;
}

function compileBody(markdown: string, links: string[], problem: (message: string) => void): Block[] {
  const blocks: Block[] = [];
  for (const token of lexer(markdown)) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const heading = token as Tokens.Heading;
        if (heading.depth !== 2) problem(`use "##" for headings inside a topic (the title is the top heading): "${excerpt(heading.raw)}"`);
        blocks.push({ kind: 'heading', children: inlines(heading.tokens, links, problem) });
        break;
      }
      case 'paragraph':
        blocks.push({ kind: 'paragraph', children: inlines((token as Tokens.Paragraph).tokens, links, problem) });
        break;
      case 'list': {
        const list = token as Tokens.List;
        blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map((item) => listItem(item, links, problem)) });
        break;
      }
      default:
        problem(`unsupported Markdown (${token.type}): "${excerpt(token.raw)}"; use paragraphs, "##" headings and lists`);
    }
  }
  return blocks;
}

function listItem(item: Tokens.ListItem, links: string[], problem: (message: string) => void): Inline[] {
  if (item.task) problem(`task lists are not supported: "${excerpt(item.raw)}"`);
  return inlines(listItemTokens(item, problem), links, problem);
}

function inlines(tokens: readonly Token[], links: string[], problem: (message: string) => void): Inline[] {
  const out: Inline[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) out.push(...inlines(text.tokens, links, problem));
        else out.push({ kind: 'text', text: text.text.replace(/\s*\n\s*/g, ' ') });
        break;
      }
      case 'em':
        out.push({ kind: 'em', children: inlines((token as Tokens.Em).tokens, links, problem) });
        break;
      case 'strong':
        out.push({ kind: 'strong', children: inlines((token as Tokens.Strong).tokens, links, problem) });
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const target = TOPIC_LINK.exec(link.href)?.[1];
        if (!target) {
          problem(`links may only point at other topics, as (topic:some-id); found "${link.href}"`);
          break;
        }
        links.push(target);
        out.push({ kind: 'link', topic: target, children: inlines(link.tokens, links, problem) });
        break;
      }
      case 'br':
        out.push({ kind: 'text', text: ' ' });
        break;
      default:
        problem(`unsupported inline Markdown (${token.type}): "${excerpt(token.raw)}"`);
    }
  }
  return mergeText(out);
}
