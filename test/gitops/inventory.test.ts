// The whole-app passes resolve every object once and let the synth reuse that resolution:
// the output must be exactly what cdk8s renders on its own.
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { ArgoCdHygiene } from '../../src/gitops/argocd-hygiene';
import { nextGeneration } from '../../src/gitops/private/inventory';
import { SyncWaves } from '../../src/gitops/sync-waves';
import { Certificate } from '../../src/cert-manager/certificate';
import { ClusterIssuer } from '../../src/cert-manager/cluster-issuer';
import { IssuerConfig } from '../../src/cert-manager/issuer-config';
import { acme, certificate, clusterIssuer, istioGateway, LE_STAGING } from './fixtures';

function build() {
  const chart = Testing.chart();
  clusterIssuer(chart, 'le', acme(LE_STAGING, [{ http01: { ingress: { ingressClassName: 'istio' } } }]));
  istioGateway(chart, 'istio-ingress', 'shop', ['shop.example.com'], 'shop-tls', { labels: { team: 'web' } });
  certificate(chart, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
  const ca = new ClusterIssuer(chart, 'SelfSigned', { config: IssuerConfig.selfSigned() });
  new Certificate(chart, 'Internal', { metadata: { namespace: 'apps' }, issuer: ca, dnsNames: ['internal.example.com'] });
  SyncWaves.apply(chart);
  ArgoCdHygiene.apply(chart);
  return chart;
}

describe('shared resolution', () => {
  test('the synthesized manifests are byte-identical to what each object renders on its own', () => {
    const chart = build();
    const docs = Testing.synth(chart);
    // after the synth every object renders itself again (the shared manifest is served once)
    const fresh = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
    expect(JSON.stringify(docs)).toEqual(JSON.stringify(fresh));
    expect(docs.every((d) => d.metadata.annotations['argocd.argoproj.io/sync-wave'] !== undefined)).toBe(true);
  });

  test('a change after a synth shows in the next synth of the same run', () => {
    const chart = build();
    Testing.synth(chart);
    const gw = chart.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Gateway') as ApiObject;
    gw.addJsonPatch(JsonPatch.add('/spec/selector/extra', 'yes'));
    gw.metadata.addLabel('changed', 'true');
    const again = Testing.synth(chart).find((d) => d.kind === 'Gateway');
    expect(again.spec.selector.extra).toBe('yes');
    expect(again.metadata.labels.changed).toBe('true');
  });

  test('nextGeneration() makes the passes see objects added in the same run', () => {
    const chart = build();
    Testing.synth(chart);
    certificate(chart, 'istio-ingress', 'late', ['late.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    nextGeneration();
    const late = Testing.synth(chart).find((d) => d.metadata.name === 'late');
    expect(late.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('3');
  });
});
