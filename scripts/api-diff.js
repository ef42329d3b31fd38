#!/usr/bin/env node
// The API changes since a release, by jsii-diff: `npm run api-diff -- <baseline> [jsii-diff options]`.
// Run `npm run build` (or `npm run compile`) first: the current API is the `.jsii` it writes.
//
// <baseline> is the previous release:
//   - its tarball (`npm pack` of the release, or the one `npm pack cdk8s-istio-tls@<version>` downloads),
//   - a folder holding its package.json and .jsii (an unpacked tarball, a checkout that was built),
//   - npm:cdk8s-istio-tls@<version> (jsii-diff downloads it), or the API_DIFF_BASELINE variable.
//
// The library is 0.x and `experimental`: jsii-diff reports breaking changes without failing;
// `--error-on=all` makes any of them fail (patch releases). See README.md, "Development".
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const [baselineArg, ...options] = process.argv.slice(2);
const baseline = baselineArg ?? process.env.API_DIFF_BASELINE;

function usage(message) {
  console.error(`${message}\nusage: npm run api-diff -- <previous release: tarball | folder | npm:cdk8s-istio-tls@<version>> [jsii-diff options]`);
  process.exit(2);
}

if (!baseline || baseline.startsWith('-')) usage('name the release to compare with');
if (!fs.existsSync(path.join(root, '.jsii'))) usage('no .jsii: run `npm run build` first');

let original = baseline;
if (!baseline.startsWith('npm:')) {
  const given = path.resolve(baseline);
  if (!fs.existsSync(given)) usage(`${baseline} does not exist`);
  if (fs.statSync(given).isFile()) {
    // unpacked under lib/ (ignored by git, not in the package): jsii-diff loads the assembly's
    // dependencies (cdk8s, constructs, ...) from the folders above it, i.e. this repository's
    const dir = path.join(root, 'lib', '.api-baseline');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const tar = spawnSync('tar', ['-xzf', given, '-C', dir], { stdio: 'inherit' });
    if (tar.status !== 0) usage(`could not unpack ${baseline} (an \`npm pack\` tarball?)`);
    original = path.join(dir, 'package');
  } else {
    original = given;
  }
  if (!fs.existsSync(path.join(original, '.jsii'))) usage(`${baseline} holds no .jsii`);
}

const bin = path.join(path.dirname(require.resolve('jsii-diff/package.json')), 'bin', 'jsii-diff');
console.error(`jsii-diff ${original} → ${root}`);
const result = spawnSync(process.execPath, [bin, ...options, original, root], {
  stdio: 'inherit',
  env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', ...process.env },
});
process.exit(result.status ?? 1);
