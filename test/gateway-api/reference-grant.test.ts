import { Chart } from 'cdk8s';
import { ReferenceGrant } from '../../src/gateway-api';
import { expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

const setup = (): Chart => newChart('shop').chart;

describe('ReferenceGrant', () => {
  test('renders from/to with default groups and de-duplicates entries', () => {
    const chart = setup();
    const grant = new ReferenceGrant(chart, 'AllowRoutes', { from: [{ kind: 'HTTPRoute', namespace: 'istio-ingress' }] });
    grant.addFrom({ kind: 'HTTPRoute', namespace: 'istio-ingress' });
    grant.addTo({ kind: 'Service', name: 'shop' });
    grant.addTo({ kind: 'Service', name: 'shop' });
    grant.addTo({ group: 'example.io', kind: 'Backend' });
    const docs = synthValid(chart);
    expect(docs[0]).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-routes', namespace: 'shop' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'istio-ingress' }],
        to: [{ group: '', kind: 'Service', name: 'shop' }, { group: 'example.io', kind: 'Backend' }],
      },
    });
    expect(grant.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'istio-ingress' }]);
    expect(grant.to).toHaveLength(2);
    expect(grant.namespace).toBe('shop');
  });

  describe('fails if', () => {
    const cases: Array<[string, (g: ReferenceGrant) => unknown, string, string | undefined, RegExp]> = [
      ['a from kind is invalid', (g) => g.addFrom({ kind: 'HTTP Route', namespace: 'a' }), 'from[0].kind', '"HTTP Route"', /resource kind/],
      ['a from group is invalid', (g) => g.addFrom({ group: 'Gateway.API', kind: 'Gateway', namespace: 'a' }), 'from[0].group', '"Gateway.API"', /core kinds/],
      ['a from namespace is invalid', (g) => g.addFrom({ kind: 'Gateway', namespace: 'a_b' }), 'from[0].namespace', '"a_b"', /valid namespace/],
      ['a to name is empty', (g) => g.addTo({ kind: 'Secret', name: '' }), 'to[0].name', '""', /leave name out/],
      ['there are more than 16 from entries', (g) => {
        for (let i = 0; i <= 16; i++) g.addFrom({ kind: 'Gateway', namespace: `ns${i}` });
      }, 'from[16]', undefined, /split the grant/],
      ['there are more than 16 to entries', (g) => {
        for (let i = 0; i <= 16; i++) g.addTo({ kind: 'Secret', name: `s${i}` });
      }, 'to[16]', undefined, /leave out name/],
    ];
    test.each(cases)('%s', (_name, build, field, value, fix) => {
      const grant = new ReferenceGrant(setup(), 'G');
      expectFailure(() => build(grant), { path: 'test/G', field, value, fix });
    });

    test('from or to is empty (synth)', () => {
      const chart = setup();
      new ReferenceGrant(chart, 'G');
      const message = expectSynthFailure(chart, { path: 'test/G', field: 'from', value: '[]', fix: /addFrom/ });
      expect(message).toMatch(/\(to: \[\]\) — call addTo/);
    });
  });
});
