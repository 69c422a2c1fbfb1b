/** docs/privacy.md, compiled (scripts/privacy-page/plugin.ts). */
declare module 'virtual:privacy-document' {
  // An ambient module may not import by relative path: an import() type is the way in (as in guidance-content.d.ts).
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  export const privacy: import('./core/document/types.js').CompiledDocument;
}
