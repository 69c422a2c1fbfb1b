import { topics } from 'virtual:guidance-content';
import { describe, expect, it } from 'vitest';
import { GUIDANCE_CONTEXTS } from '../../../../src/core/guidance/contexts.js';
import { ARTICLE_FACTS, FACT_IDS } from '../../../../src/core/guidance/facts.js';
import { guidanceIndex, topicsFor } from '../../../../src/core/guidance/guidance.js';
import type { Block, Inline, Topic } from '../../../../src/core/guidance/types.js';
import { GLOBAL_CAPS, MINUTES } from '../../../../src/core/safety/caps.js';
import { PRESETS } from '../../../../src/core/safety/presets.js';
import { SOURCES } from '../../../../src/core/safety/sources.js';

/** The words a reader sees in a topic, for checks on what it says. */
function textOf(topic: Topic): string {
  const inline = (parts: readonly Inline[]): string => parts.map((p) => (p.kind === 'text' ? p.text : inline(p.children))).join('');
  const block = (b: Block): string => (b.kind === 'list' ? b.items.map(inline).join('\n') : inline(b.children));
  return [topic.title, ...topic.blocks.map(block)].join('\n');
}

function topic(id: string): Topic {
  const found = topics.find((t) => t.id === id);
  if (!found) throw new Error(`no topic ${id}`);
  return found;
}

describe('guidance covers the source article, and the UI reaches all of it', () => {
  it('every fact of the article is covered by at least one topic', () => {
    const covered = new Set(topics.flatMap((t) => t.facts));
    const uncovered = ARTICLE_FACTS.filter((fact) => !covered.has(fact.id)).map((fact) => `${fact.id}: ${fact.summary}`);
    expect(uncovered).toEqual([]);
  });

  it('no topic claims a fact or a source that does not exist', () => {
    const unknown = topics.flatMap((t) => [
      ...t.facts.filter((f) => !FACT_IDS.includes(f)).map((f) => `${t.id}: fact ${f}`),
      ...t.sources.filter((s) => !(s in SOURCES)).map((s) => `${t.id}: source ${s}`),
    ]);
    expect(unknown).toEqual([]);
  });

  it('every topic is in the "all guidance" list, exactly once', () => {
    const listed = guidanceIndex(topics).flatMap((section) => section.topics.map((t) => t.id));
    expect([...listed].sort()).toEqual(topics.map((t) => t.id).sort());
  });

  it('every situation has guidance to show, so the panel is never empty', () => {
    const empty = GUIDANCE_CONTEXTS.filter((context) => topicsFor(context, topics).length === 0);
    expect(empty).toEqual([]);
  });

  it('every link between topics leads to a topic that exists', () => {
    const ids = new Set(topics.map((t) => t.id));
    const links = (parts: readonly Inline[]): string[] =>
      parts.flatMap((p) => (p.kind === 'link' ? [p.topic, ...links(p.children)] : p.kind === 'text' ? [] : links(p.children)));
    const broken = topics.flatMap((t) =>
      t.blocks.flatMap((b) => (b.kind === 'list' ? b.items.flatMap(links) : links(b.children))).filter((id) => !ids.has(id)),
    );
    expect(broken).toEqual([]);
  });

  it('the body map comes with the placement topic', () => {
    expect(topics.filter((t) => t.figure === 'body-map').map((t) => t.id)).toEqual(['where-to-put-it']);
  });
});

describe('the numbers the guidance gives are the limits the app enforces', () => {
  it('careful heat states the heat target, the hard cut-off and the heat time cap in force', () => {
    const text = textOf(topic('careful-heat'));
    expect(text).toContain(`${GLOBAL_CAPS.heatTargetC.value} °C`);
    expect(text).toContain(`${GLOBAL_CAPS.heatHardCutC.value} °C`);
    expect(text).toContain(`${GLOBAL_CAPS.heatMs.value / MINUTES} minutes at most`);
  });

  it('choosing a preset names every preset with its session length', () => {
    const lines = textOf(topic('choosing-a-preset')).split('\n');
    const wrong = PRESETS.filter((preset) => {
      const line = lines.find((l) => l.startsWith(`${preset.name}:`));
      return !line?.includes(`${preset.sessionMs.value / MINUTES} minutes`);
    }).map((preset) => preset.name);
    expect(wrong).toEqual([]);
  });

  it('after the session states the daily cap in force', () => {
    expect(textOf(topic('after-the-session'))).toContain(`at most ${GLOBAL_CAPS.sessionsPerDay.value} sessions in 24 hours`);
  });
});
