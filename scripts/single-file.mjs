// Trunk post-build step (scripts/post-build.sh): writes quota-planner.html,
// the whole planner in one file that works when opened from file:// with no
// network, in Chromium and Firefox.
//
// Built from whatever the build produced, not from hashed names: the page is
// the built index.html without its scripts and preloads, every stylesheet
// it links inlined, the wasm-bindgen glue (the `X.js` beside `X_bg.wasm`)
// and the snippets it imports bundled by esbuild into one classic script
// (browsers refuse module scripts from file://), and the wasm in base64,
// instantiated from bytes (nor will they fetch it from file://).
//
// The file holds five blocks: the page's wasm, the reader's wasm (the import
// worker's own module, scripts/reader-build.sh), the plan (empty here: a
// saved copy has its plan there, see core::export::offline), the import
// worker's script (the reader's glue and src/ui/import_worker.js bundled
// into one classic script; a blob: URL of its text is the worker) and the
// page's script, whose bootstrap (scripts/single-file-entry.js) reads them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2];
if (!dir) throw new Error('usage: single-file.mjs <dist dir>');
const out = path.join(dir, 'quota-planner.html');

const top = fs.readdirSync(dir);
const isReader = (f) => f.startsWith('quota-planner-reader');
const one = (files, what) => {
  if (files.length !== 1) throw new Error(`single-file: expected one ${what} in ${dir}, found ${files}`);
  const wasm = files[0];
  const glue = wasm.replace(/_bg\.wasm$/, '.js');
  if (!top.includes(glue)) throw new Error(`single-file: no glue ${glue} beside ${wasm}`);
  return [wasm, glue];
};
const [wasm, glue] = one(top.filter((f) => f.endsWith('_bg.wasm') && !isReader(f)), "page's *_bg.wasm");
const [readerWasm, readerGlue] = one(top.filter((f) => f.endsWith('_bg.wasm') && isReader(f)), "reader's *_bg.wasm");
// The worker's code: the page's snippet src/ui/import_worker.js.
const snippets = path.join(dir, 'snippets');
const workerCode = fs.readdirSync(snippets)
  .map((crate) => path.join(snippets, crate, 'src', 'ui', 'import_worker.js'))
  .filter((file) => fs.existsSync(file));
if (workerCode.length !== 1) throw new Error(`single-file: expected one import_worker.js in ${snippets}, found ${workerCode}`);

let html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');

// Stylesheets linked by the page, inlined in place.
html = html.replace(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/gi, (tag) => {
  const href = /\bhref=["']?([^"'\s>]+)/i.exec(tag)?.[1];
  if (!href) throw new Error(`single-file: stylesheet without href: ${tag}`);
  const css = fs.readFileSync(path.join(dir, decodeURIComponent(href.replace(/^\.?\//, ''))), 'utf8');
  if (/<\/style/i.test(css)) throw new Error(`single-file: ${href} contains </style`);
  return `<style>\n${css}</style>`;
});
// Icons (and any other linked file but scripts) as data: URLs.
const mime = { '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json' };
html = html.replace(/<link\b[^>]*\brel=["']?(?:icon|shortcut icon|apple-touch-icon)["']?[^>]*>/gi, (tag) =>
  tag.replace(/\bhref=(["']?)(?!data:)([^"'\s>]+)\1/i, (_, quote, href) => {
    const file = path.join(dir, decodeURIComponent(href.replace(/^\.?\//, '')));
    const type = mime[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return `href="data:${type};base64,${fs.readFileSync(file).toString('base64')}"`;
  }));
// Trunk's leftover `data-trunk` links (inject_scripts = false) are not for browsers.
html = html.replace(/<link\b[^>]*\bdata-trunk\b[^>]*>\s*/gi, '');
// Scripts and preloads of the hosted page: the bootstrap replaces them.
html = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>\s*/gi, '');
html = html.replace(/<link\b[^>]*\brel=["']?(?:modulepreload|preload|manifest)["']?[^>]*>/gi, '');
if (/\b(?:src|href)=["']?(?!data:|#)[^"'\s>]+/i.test(html.replace(/<a\b[^>]*>/gi, ''))) {
  throw new Error('single-file: the page still refers to another file: ' +
    /<[^>]*\b(?:src|href)=["']?(?!data:|#)[^>]*>/i.exec(html)?.[0]);
}

const entry = fs.readFileSync(path.join(here, 'single-file-entry.js'), 'utf8')
  .replaceAll('__QUOTA_PLANNER_GLUE__', './' + glue);
// One classic script from an entry's text.
async function bundle(contents, sourcefile) {
  const bundled = await build({
    stdin: { contents, resolveDir: dir, sourcefile, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115'],
    minify: true,
    legalComments: 'none',
    // The snippets' and glues' `import.meta.url` (their own URLs on the
    // hosted build) is never read in the single file: its worker is a
    // blob and every wasm comes from bytes. wasm-bindgen names one snippet
    // module once per import: harmless.
    logOverride: { 'empty-import-meta': 'silent', 'duplicate-object-key': 'silent' },
  });
  const script = bundled.outputFiles[0].text;
  // Raw text inside <script>: nothing may end or confuse it.
  if (/<\/script|<!--/i.test(script)) throw new Error(`single-file: ${sourcefile} bundles to </script or <!--`);
  return script;
}
const script = await bundle(entry, 'single-file-entry.js');
const workerEntry =
  `import * as glue from './${readerGlue}';\n` +
  `import ${JSON.stringify('./' + path.relative(dir, workerCode[0]).split(path.sep).join('/'))};\n` +
  'self.__quotaPlannerReader = Object.assign(self.__quotaPlannerReader || {}, { glue });\n';
const workerScript = await bundle(workerEntry, 'import-worker-entry.js');

const base64 = (file) => fs.readFileSync(path.join(dir, file)).toString('base64');
const blocks =
  `<script type="application/octet-stream" id="quota-planner-wasm">${base64(wasm)}</script>\n` +
  `<script type="application/octet-stream" id="quota-planner-reader-wasm">${base64(readerWasm)}</script>\n` +
  `<script type="application/json" id="quota-planner-plan"></script>\n` +
  `<script type="text/plain" id="quota-planner-worker">${workerScript}</script>\n` +
  `<script id="quota-planner-single-file">${script}</script>\n`;
if (!/<\/body>/i.test(html)) throw new Error('single-file: index.html has no </body>');
html = html.replace(/<\/body>/i, () => blocks + '</body>');
fs.writeFileSync(out, html);
console.log(`single-file: ${path.basename(out)} ${html.length} bytes (${glue}, ${wasm}, ${readerWasm})`);
