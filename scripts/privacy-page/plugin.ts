import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { compileDocument, documentModule, DocumentError } from './compile.js';

export const PRIVACY_MODULE = 'virtual:privacy-document';
const RESOLVED = `\0${PRIVACY_MODULE}`;

/**
 * Serves docs/privacy.md as the `virtual:privacy-document` module (types in
 * src/privacy-document.d.ts): the app's privacy page shows the repository's own words, compiled
 * at build time, and a change to the document is a change to the page.
 */
export function privacyDocument(options: { readonly file?: string } = {}): Plugin {
  const file = resolve(options.file ?? 'docs/privacy.md');
  return {
    name: 'easeback-privacy-document',
    resolveId(id) {
      return id === PRIVACY_MODULE ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      this.addWatchFile(file);
      try {
        return documentModule(compileDocument(readFileSync(file, 'utf8'), relative(process.cwd(), file)));
      } catch (error: unknown) {
        if (error instanceof DocumentError) this.error(error.message);
        throw error;
      }
    },
  };
}
