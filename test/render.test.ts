// The committed output (dist/ and examples/*/dist/) is exactly what the code renders now,
// renders byte-identically twice, validates against the upstream schemas and carries no
// key material.
import * as path from 'path';
import { documents, readTree, renderTarget, renderTargets, ROOT } from './util/render';
import { validateManifests } from './util/schema';

describe.each(renderTargets().map((t) => [t.name, t] as const))('%s', (_name, target) => {
  const rendered = renderTarget(target);
  const fresh = readTree(rendered);

  test('committed output matches a fresh synth (run `npm run synth` after changing the code)', () => {
    const committed = readTree(path.join(ROOT, target.outdir));
    expect([...committed.keys()]).toEqual([...fresh.keys()]);
    for (const [file, text] of fresh) expect({ file, text: committed.get(file) }).toEqual({ file, text });
  });

  test('re-synth is byte-identical', () => {
    expect(readTree(renderTarget(target))).toEqual(fresh);
  });

  test('app.synth() (cdk8s\' own synth) writes the same bytes as the library\'s pipeline', () => {
    expect(readTree(renderTarget(target, 'cdk8s'))).toEqual(fresh);
  });

  test('every document validates against the upstream schema', () => {
    const docs = documents(rendered).map((d) => d.doc);
    expect(docs.length).toBeGreaterThan(0);
    expect(validateManifests(docs)).toEqual([]);
  });

  test('no Secret carries data and no document holds key material', () => {
    for (const { file, doc } of documents(rendered)) {
      if (doc.kind === 'Secret') expect({ file, data: doc.data, stringData: doc.stringData }).toEqual({ file, data: undefined, stringData: undefined });
    }
    for (const [file, text] of fresh) expect({ file, key: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) }).toEqual({ file, key: false });
  });
});
