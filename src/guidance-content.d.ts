/** The compiled guidance content (scripts/guidance-content/plugin.ts builds it from content/*.md). */
declare module 'virtual:guidance-content' {
  /** Every topic, in file-name order (the reading order). */
  export const topics: readonly import('./core/guidance/types.js').Topic[];
}
