import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { compileContent, contentModule, ContentError, type ContentFile } from './compile.js';

export const GUIDANCE_MODULE = 'virtual:guidance-content';
const RESOLVED = `\0${GUIDANCE_MODULE}`;

/**
 * Serves content/*.md as the `virtual:guidance-content` module (types in
 * src/guidance-content.d.ts): compiled data, checked at build time, so a bad front matter field
 * fails the build with the file and field named.
 */
export function guidanceContent(options: { readonly dir?: string } = {}): Plugin {
  const dir = resolve(options.dir ?? 'content');
  const isContent = (file: string) => file.startsWith(dir) && file.endsWith('.md');
  return {
    name: 'easeback-guidance-content',
    resolveId(id) {
      return id === GUIDANCE_MODULE ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      const files: ContentFile[] = readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => {
          const path = join(dir, name);
          this.addWatchFile(path);
          return { path: relative(process.cwd(), path), text: readFileSync(path, 'utf8') };
        });
      try {
        return contentModule(compileContent(files));
      } catch (error: unknown) {
        if (error instanceof ContentError) this.error(error.message);
        throw error;
      }
    },
    configureServer(server) {
      // A new or deleted file changes the module as much as an edited one does.
      const reload = (file: string) => {
        if (!isContent(file)) return;
        const module = server.moduleGraph.getModuleById(RESOLVED);
        if (module) server.moduleGraph.invalidateModule(module);
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.add(dir);
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
    },
  };
}
