import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformWithOxc, type Plugin } from 'vite';

const SOURCE = 'src/pwa/service-worker.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/**
 * Builds dist/sw.js: the service worker's TypeScript with its types stripped, after the list of
 * every file of this build (bundle and public/) and a version taken from their contents. Source
 * maps and Vite's manifest are left out: the page never asks for them.
 */
export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'easeback-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const version = createHash('sha256');
      const files: string[] = [];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith('.map') || fileName.startsWith('.vite/')) continue;
        files.push(fileName);
        version.update(fileName).update(output.type === 'chunk' ? output.code : output.source);
      }
      for (const fileName of publicDir ? filesUnder(publicDir) : []) {
        files.push(fileName);
        version.update(fileName).update(readFileSync(join(publicDir, fileName)));
      }
      const urls = [
        '/',
        ...files
          .filter((f) => f !== 'index.html')
          .sort()
          .map((f) => `/${f}`),
      ];
      const { code } = await transformWithOxc(readFileSync(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      version.update(code);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const PRECACHE = ${JSON.stringify(urls)};\nconst VERSION = ${JSON.stringify(version.digest('hex').slice(0, 16))};\n${code}`,
      });
    },
  };
}
