/** The compiled guidance content (scripts/guidance-content/plugin.ts builds it from content/*.md). */
declare module 'virtual:guidance-content' {
  /** Every topic, in file-name order (the reading order). */
  // An ambient module may not import by relative path, and a top-level import would turn this
  // file into an augmentation of a module that does not exist: an import() type is the way in.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  export const topics: readonly import('./core/guidance/types.js').Topic[];
}
