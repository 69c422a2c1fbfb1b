import type { OutputKind } from '../commands.js';
import { requestedLevel } from '../outputs.js';
import { isActive, isOpen } from '../session/machine.js';
import type { MachineState, SessionEvent } from '../session/types.js';
import type { GuidanceContext } from './contexts.js';
import type { Topic, TopicId } from './types.js';

export type Output = OutputKind;

/** What the person last did, as far as guidance cares. Ticks and device reports are not actions. */
export type UserAction =
  | { readonly kind: 'preset'; readonly at: number }
  | { readonly kind: 'raise' | 'lower'; readonly output: Output; readonly at: number }
  | { readonly kind: 'start' | 'pause' | 'resume' | 'stop' | 'symptom' | 'triage'; readonly at: number };

/**
 * The action an event stands for, judged against the state before it. A raise counts even when
 * the vetting clamped it at the preset's cap: the wish for more is what the guidance answers.
 */
export function actionOf(event: SessionEvent, before: MachineState): UserAction | null {
  const at = event.at;
  switch (event.type) {
    case 'select-preset':
      return isOpen(before.session) ? null : { kind: 'preset', at };
    case 'set': {
      const session = before.session;
      if (!session || !isOpen(session)) return null;
      const request = event.request;
      const output = request.kind;
      const wanted = requestedLevel(request);
      const current = session.requested[output];
      if (typeof wanted !== 'number' || wanted === current) return null;
      return { kind: wanted > current ? 'raise' : 'lower', output, at };
    }
    case 'checkin':
      return event.answer === 'same' || event.answer === 'better' ? null : { kind: 'symptom', at };
    case 'start':
    case 'pause':
    case 'resume':
    case 'stop':
    case 'symptom':
    case 'triage':
      return { kind: event.type, at };
    default:
      return null;
  }
}

export interface GuidanceView {
  readonly state: MachineState;
  readonly action: UserAction | null;
}

export interface Guidance {
  /** The situation the guidance answers first. */
  readonly context: GuidanceContext;
  /** Other situations that hold at the same time (heat still on while the person turns vibration up). */
  readonly also: readonly GuidanceContext[];
}

const RAISE_CONTEXT: Readonly<Record<Output, GuidanceContext>> = {
  vibration: 'raising-intensity',
  kneading: 'kneading-on',
  heat: 'heat-on',
};

/**
 * Which guidance fits now. Safety comes first (a symptom stop, then care advice), then the clock
 * (the last minute), then what the person just did, then where the session stands.
 */
export function guidanceFor({ state, action }: GuidanceView): Guidance {
  const context = primaryContext(state, action);
  const session = state.session;
  const also: GuidanceContext[] = [];
  if (session && isActive(session)) {
    if (session.requested.heat > 0) also.push('heat-on');
    if (session.requested.kneading > 0) also.push('kneading-on');
  }
  return { context, also: also.filter((c) => c !== context) };
}

function primaryContext(state: MachineState, action: UserAction | null): GuidanceContext {
  const session = state.session;
  if (state.triagePending) return 'symptom-stop';
  if (session?.care || (state.lockedUntil !== null && state.now < state.lockedUntil)) return 'care-advice';
  if (session && isOpen(session)) {
    if (isActive(session) && session.warnedLastMinute) return 'last-minute';
    if (action?.kind === 'raise' && action.at >= session.startedAt) return RAISE_CONTEXT[action.output];
    return 'session-running';
  }
  const end = session?.end ?? null;
  // Choosing a preset after a session is a new start: the preset guidance replaces the old ending.
  if (action?.kind === 'preset' && (end === null || action.at > end.at)) return 'choosing-preset';
  if (end) return end.reason === 'symptom' ? 'symptom-stop' : 'after-session';
  return 'idle';
}

/** The topics for a situation, in reading order; the first is the one to show open. */
export function topicsFor(context: GuidanceContext, topics: readonly Topic[]): readonly Topic[] {
  return topics.filter((topic) => topic.contexts.includes(context));
}

export interface IndexSection {
  readonly title: string;
  readonly topics: readonly Topic[];
}

const INDEX_SECTIONS: readonly { readonly title: string; readonly contexts: readonly GuidanceContext[] }[] = [
  { title: 'Before you start', contexts: ['idle', 'choosing-preset'] },
  { title: 'During a session', contexts: ['session-running', 'raising-intensity', 'heat-on', 'kneading-on', 'last-minute'] },
  { title: 'After a session', contexts: ['after-session'] },
  { title: 'If something feels wrong', contexts: ['symptom-stop', 'care-advice'] },
];

/**
 * The "all guidance" list: every topic once, filed under the section of its first context. A
 * topic whose first context no section lists would be unreachable; the coverage test catches it.
 */
export function guidanceIndex(topics: readonly Topic[]): readonly IndexSection[] {
  return INDEX_SECTIONS.map((section) => ({
    title: section.title,
    topics: topics.filter((topic) => topic.contexts[0] !== undefined && section.contexts.includes(topic.contexts[0])),
  }));
}

export function topicById(topics: readonly Topic[], id: TopicId): Topic | null {
  return topics.find((topic) => topic.id === id) ?? null;
}
