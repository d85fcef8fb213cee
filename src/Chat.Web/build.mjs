// Builds the client into ../Chat.Api/wwwroot: one script, one stylesheet, the static files. The output depends only on the
// sources (no timestamps, no hashes of absolute paths), so CI can rebuild and compare it with what is committed.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'Chat.Api', 'wwwroot');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'static'), out, { recursive: true });

await build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.ts', styles: 'src/styles.css' },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
