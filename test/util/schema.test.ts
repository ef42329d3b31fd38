import { validateManifest } from './schema';

describe('independent schema validator', () => {
  test('accepts a valid Certificate', () => {
    expect(validateManifest({
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'istio-system' },
      spec: { secretName: 'web-tls', dnsNames: ['a.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } },
    })).toEqual([]);
  });
  test('fails on unknown fields, wrong enums and missing required fields', () => {
    const problems = validateManifest({
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' },
      spec: { dnsNames: ['a.example.com'], issuerRef: { name: 'le' }, privateKey: { algorithm: 'DSA' }, bogus: 1 },
    });
    expect(problems.join('\n')).toMatch(/secretName/);
    expect(problems.join('\n')).toMatch(/bogus/);
    expect(problems.join('\n')).toMatch(/allowed values/);
  });
  test('fails on an invalid name and on kinds without a schema', () => {
    expect(validateManifest({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'Web' }, spec: { secretName: 'x', issuerRef: { name: 'y' } } }))
      .toEqual([expect.stringMatching(/DNS-1123/)]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toEqual([expect.stringMatching(/no schema/)]);
  });
  test('validates core kinds with kubernetes-models', () => {
    expect(validateManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { a: 'b' } } })).toEqual([]);
    expect(validateManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { a: 1 } } })).toHaveLength(1);
  });

  test('Go case-insensitive patterns are honoured (PrometheusRule partial_response_strategy)', () => {
    const rule = (strategy: string) => ({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'm' },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'up == 0' }] }] },
    });
    expect(validateManifest(rule('Warn'))).toEqual([]);
    expect(validateManifest(rule('abort'))).toEqual([]);
    expect(validateManifest(rule('ignore')).join('\n')).toMatch(/pattern/);
  });
});
