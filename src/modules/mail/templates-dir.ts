import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The top-level `templates/` folder, found by walking up from this file. Tests run this file
 * from `src/modules/mail/`, the built app from `dist/src/modules/mail/`, and a deployment may
 * copy `templates/` next to `dist/` or into it: walking up finds it in each case without a
 * setting, and `nest build` need not copy it.
 */
export function findTemplatesDir(startDir: string): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'layouts'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new Error(`No templates/layouts folder in ${startDir} or any folder above it`);
  }
}
