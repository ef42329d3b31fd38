// The committed output (dist/ and examples/*/dist/) is exactly what the code renders now,
// renders byte-identically twice, validates against the upstream schemas and carries no
// key material.
import * as path from 'path';
import { Synthesis } from '../src';
import { buildTarget, documents, readTree, renderTarget, renderTargets, ROOT } from './util/render';
import { validateManifests } from './util/schema';

/** Messages of the checks of the HTTP-01 policy layers (issue #15 item 2). */
const POLICY_LAYERS = /ACME HTTP-01 challenge request|has Istio route the challenge on port 80|no object of the app serves this ingress class|has no class, so it is served|this DestinationRule \(host/;

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

  test('the checks of the HTTP-01 policy layers neither refuse nor warn about it (nothing that rendered before is refused)', () => {
    const problems = Synthesis.problems(buildTarget(target).apps);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => POLICY_LAYERS.test(p.message)).map((p) => p.message)).toEqual([]);
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
