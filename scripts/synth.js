#!/usr/bin/env node
// Renders the default app into dist/ and every example into examples/<name>/dist/ from the
// compiled JavaScript (run `npm run compile` first; `npm run synth` does both).
// Each entry module exports `build(outdir): App[]` (one App per output folder), synthesized
// together through the library's pipeline (`Synthesis.synthApps`); the folders are emptied
// first so a removed object never lingers in the GitOps repo.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function targets() {
  const list = [{ name: 'default app', module: 'lib/src/main.js', outdir: 'dist' }];
  const examplesDir = path.join(root, 'examples');
  if (fs.existsSync(examplesDir)) {
    for (const name of fs.readdirSync(examplesDir).sort()) {
      if (fs.existsSync(path.join(examplesDir, name, 'main.ts'))) {
        list.push({ name: `examples/${name}`, module: `lib/examples/${name}/main.js`, outdir: `examples/${name}/dist` });
      }
    }
  }
  return list;
}

function main() {
  const { Synthesis } = require(path.join(root, 'lib/src/index.js'));
  const only = process.argv.slice(2);
  const all = targets();
  // an argument naming a target exactly selects only it; otherwise it selects by substring
  const selects = (o, t) => (all.some((x) => x.name === o) ? t.name === o : t.name.includes(o));
  for (const t of all) {
    if (only.length && !only.some((o) => selects(o, t))) continue;
    const started = process.hrtime.bigint();
    const outdir = path.join(root, t.outdir);
    fs.rmSync(outdir, { recursive: true, force: true });
    const mod = require(path.join(root, t.module));
    const apps = mod.build(outdir);
    Synthesis.synthApps(apps);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${t.name}: ${apps.length} folder(s) in ${t.outdir}/ (${ms.toFixed(0)} ms)`);
    if (typeof mod.report === 'function') {
      const text = mod.report(apps);
      if (text) console.log(text);
    }
  }
}

main();
