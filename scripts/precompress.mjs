// Trunk post-build hook: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy next
// to every compressible file of the build, so that the server sends each file compressed
// without compressing it on the fly (scripts/serve.py chooses by Accept-Encoding).
// Node's zlib has brotli built in: nothing to install.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.webmanifest']);
const root = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(name))) yield path;
  }
}

let raw = 0, br = 0, gz = 0, count = 0;
for (const path of [...files(root)]) {
  const body = readFileSync(path);
  const b = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: extname(path) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  const g = gzipSync(body, { level: 9 });
  writeFileSync(`${path}.br`, b);
  writeFileSync(`${path}.gz`, g);
  raw += body.length; br += b.length; gz += g.length; count += 1;
}
console.log(`precompressed ${count} files: ${raw} bytes, ${br} brotli, ${gz} gzip`);
