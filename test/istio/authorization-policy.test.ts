import { Warnings } from '../../src';
import { AuthorizationAction, AuthorizationPolicy, AuthorizationRule } from '../../src/istio';
import { expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';

describe('AuthorizationPolicy', () => {
  test('renders the seed\'s ALLOW policy (principals with trailing *, methods)', () => {
    const { app, chart } = newChart('test-mesh');
    const ap = new AuthorizationPolicy(chart, 'AllowHttpbin', {
      selector: { app: 'httpbin' },
      rules: [{ from: [{ principals: ['cluster.local/ns/test-mesh/sa/*'] }], to: [{ methods: ['GET', 'POST'] }] }],
    });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('security.istio.io/v1');
    expect(doc.metadata).toEqual({ name: 'allow-httpbin', namespace: 'test-mesh' });
    expect(doc.spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/test-mesh/sa/*'] } }], to: [{ operation: { methods: ['GET', 'POST'] } }] }],
    });
    expect(ap.action).toBe(AuthorizationAction.ALLOW);
    expect(ap.rules).toHaveLength(1);
    expect(synthErrors(app)).toEqual([]);
    expect(Warnings.collect(app)).toEqual([]);
  });

  test('whole-app checks name its fields as the props do (a source is from[j], an operation to[j])', () => {
    const { chart } = newChart();
    const ap = new AuthorizationPolicy(chart, 'Ap', { selector: { app: 'a' } });
    expect(ap._displayField('spec.rules[1].from[0].source.requestPrincipals')).toBe('rules[1].from[0].requestPrincipals');
    expect(ap._displayField('spec.rules[0].to[2].operation.notPaths[1]')).toBe('rules[0].to[2].notPaths[1]');
    expect(ap._displayField('spec.rules[0].to[2].operation')).toBe('rules[0].to[2]');
    expect(ap._displayField('spec.rules[0].when[0].key')).toBe('rules[0].when[0].key');
    expect(ap._displayField('spec.provider.name')).toBe('provider');
    expect(ap._displayField('spec.selector.matchLabels')).toBe('selector');
    expect(ap._displayField('metadata.name')).toBeUndefined();
  });

  test('renders every source, operation and condition field; ports as strings', () => {
    const { chart } = newChart('shop');
    const ap = new AuthorizationPolicy(chart, 'Full', { action: AuthorizationAction.DENY, metadata: { annotations: { 'istio.io/dry-run': 'true' } } });
    ap.addRule({
      from: [
        { principals: ['*/ns/shop/sa/frontend'], notPrincipals: ['cluster.local/ns/shop/sa/bad'], requestPrincipals: ['https://issuer.example.com/*'], notRequestPrincipals: ['*'],
          namespaces: ['shop', 'team-*'], notNamespaces: ['*-sandbox'], ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.1.0.0/16'], remoteIpBlocks: ['203.0.113.7'], notRemoteIpBlocks: ['2001:db8::/32'] },
        { serviceAccounts: ['shop/frontend', 'backend'], notServiceAccounts: ['shop/bad'] },
      ],
      to: [{ hosts: ['shop.example.com'], notHosts: ['admin.example.com'], ports: [8080], notPorts: [9090], methods: ['GET'], notMethods: ['DELETE'], paths: ['/api/{*}/items/{**}'], notPaths: ['/admin*'] }],
      when: [{ key: 'request.headers[x-tenant]', values: ['a'] }, { key: 'source.ip', notValues: ['192.0.2.0/24'] }, { key: 'request.auth.claims[groups]', values: ['admins'] }],
    });
    const rule = synthValid(chart)[0].spec.rules[0];
    expect(rule.from[0].source.namespaces).toEqual(['shop', 'team-*']);
    expect(rule.from[1].source).toEqual({ serviceAccounts: ['shop/frontend', 'backend'], notServiceAccounts: ['shop/bad'] });
    expect(rule.to[0].operation).toEqual({
      hosts: ['shop.example.com'], notHosts: ['admin.example.com'], ports: ['8080'], notPorts: ['9090'], methods: ['GET'], notMethods: ['DELETE'],
      paths: ['/api/{*}/items/{**}'], notPaths: ['/admin*'],
    });
    expect(rule.when).toEqual([{ key: 'request.headers[x-tenant]', values: ['a'] }, { key: 'source.ip', notValues: ['192.0.2.0/24'] }, { key: 'request.auth.claims[groups]', values: ['admins'] }]);
  });

  test('renders CUSTOM with a provider and targetRefs', () => {
    const { chart } = newChart('istio-ingress');
    new AuthorizationPolicy(chart, 'ExtAuthz', {
      action: AuthorizationAction.CUSTOM, provider: 'oauth2-proxy', targetRefs: [{ kind: 'Gateway', name: 'public' }],
      rules: [{ to: [{ hosts: ['admin.example.com'] }] }],
    });
    expect(synthValid(chart)[0].spec).toEqual({
      action: 'CUSTOM', provider: { name: 'oauth2-proxy' },
      targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'public' }],
      rules: [{ to: [{ operation: { hosts: ['admin.example.com'] } }] }],
    });
  });

  test('an empty rule {} applies to every request (DENY all)', () => {
    const { app, chart } = newChart();
    new AuthorizationPolicy(chart, 'DenyAll', { action: AuthorizationAction.DENY, rules: [{}] });
    expect(synthValid(chart)[0].spec).toEqual({ action: 'DENY', rules: [{}] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('warns that ALLOW without rules denies everything', () => {
    const { app, chart } = newChart();
    new AuthorizationPolicy(chart, 'Nothing', { selector: { app: 'x' } });
    expect(synthErrors(app)).toEqual([]);
    expect(Warnings.collect(app)).toEqual([expect.stringMatching(/^\[test\/Nothing\] ALLOW policy without rules .* denies every request/)]);
  });

  test('warns that a DENY rule with only HTTP attributes also denies TCP traffic', () => {
    const { chart } = newChart();
    new AuthorizationPolicy(chart, 'Deny', { action: AuthorizationAction.DENY, rules: [{ to: [{ paths: ['/admin'] }] }] });
    new AuthorizationPolicy(chart, 'DenyPorts', { action: AuthorizationAction.DENY, rules: [{ to: [{ paths: ['/admin'], ports: [8080] }] }] });
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/Deny\] rules\[0\] of this DENY policy uses only HTTP attributes.* — specify the ports \(rules\[0\]\.to\[\]\.ports\)$/)]);
  });

  describe('fails', () => {
    const rule = (r: AuthorizationRule, e: { field: string; value?: string; problem?: string | RegExp; fix: string }, action?: AuthorizationAction) => {
      const { chart } = newChart();
      const ap = new AuthorizationPolicy(chart, 'Ap', { action, provider: action === AuthorizationAction.CUSTOM ? 'ext' : undefined });
      expectFailure(() => ap.addRule(r), { path: 'test/Ap', ...e });
    };

    test('fails if a DENY policy has no rules', () => {
      const { app, chart } = newChart();
      new AuthorizationPolicy(chart, 'Deny', { action: AuthorizationAction.DENY });
      expectSynthFailure(app, { path: 'test/Deny', field: 'rules', value: '[]', problem: 'DENY action without `rules` is meaningless', fix: 'add an empty rule {} (addRule({}))' });
    });
    test('fails if a CUSTOM policy has no rules', () => {
      const { app, chart } = newChart();
      new AuthorizationPolicy(chart, 'Ext', { action: AuthorizationAction.CUSTOM, provider: 'ext' });
      expectSynthFailure(app, { path: 'test/Ext', field: 'rules', value: '[]', problem: 'CUSTOM action without', fix: 'add an empty rule {}' });
    });
    test('fails if CUSTOM has no provider', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { action: AuthorizationAction.CUSTOM }),
        { path: 'test/Ap', field: 'provider', value: 'unset', problem: 'the CUSTOM action needs a provider', fix: 'name an extensionProvider of meshConfig' });
    });
    test('fails if a provider is given without CUSTOM', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { provider: 'ext' }), { path: 'test/Ap', field: 'provider', value: '"ext"', fix: 'use action CUSTOM or remove provider' });
    });
    test('fails if selector and targetRefs are both set', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { selector: { app: 'a' }, targetRefs: [{ kind: 'Service', name: 'a' }] }),
        { path: 'test/Ap', field: 'targetRefs', problem: 'only one of targetRefs or selector can be set', fix: 'keep one of them' });
    });
    test('fails if the selector is empty', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { selector: {} }), { path: 'test/Ap', field: 'selector', value: '{}', fix: 'select workloads by label, or omit selector' });
    });
    test('fails if a targetRef kind is not supported', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { targetRefs: [{ kind: 'Deployment', name: 'a' }] }),
        { path: 'test/Ap', field: 'targetRefs[0].kind', value: '"Deployment"', fix: 'use one of these kinds' });
    });
    test('fails if there are more than 16 targetRefs', () => {
      const { chart } = newChart();
      const refs = Array.from({ length: 17 }, (_, i) => ({ kind: 'Service', name: `s${i}` }));
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { targetRefs: refs }), { path: 'test/Ap', field: 'targetRefs', value: '"17 targets"', fix: 'split the policy' });
    });
    test('fails if istio.io/dry-run is used with AUDIT', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { action: AuthorizationAction.AUDIT, metadata: { annotations: { 'istio.io/dry-run': 'true' } } }),
        { path: 'test/Ap', field: 'metadata.annotations["istio.io/dry-run"]', value: '"true"', problem: 'only supports action ALLOW or DENY', fix: 'remove the annotation or use ALLOW/DENY' });
    });
    test('fails if istio.io/dry-run is not a boolean', () => {
      const { chart } = newChart();
      expectFailure(() => new AuthorizationPolicy(chart, 'Ap', { metadata: { annotations: { 'istio.io/dry-run': 'yes' } } }),
        { path: 'test/Ap', field: 'metadata.annotations["istio.io/dry-run"]', value: '"yes"', fix: 'use "true" or "false"' });
    });
    test('fails if from is an empty list', () => rule({ from: [] }, { field: 'rules[0].from', value: '[]', fix: 'omit from to match any source' }));
    test('fails if a source is empty', () => rule({ from: [{}] }, { field: 'rules[0].from[0]', value: '{}', problem: 'a source must not be empty', fix: 'set at least one field' }));
    test('fails if an operation is empty', () => rule({ to: [{ methods: [] }] }, { field: 'rules[0].to[0]', problem: 'an operation must not be empty', fix: 'set at least one field' }));
    test('fails if a list holds an empty string', () => rule({ to: [{ methods: ['GET', ''] }] }, { field: 'rules[0].to[0].methods[1]', value: '""', fix: 'remove empty entries' }));
    test.each([
      ['a principal has no sa part', 'cluster.local/ns/shop'],
      ['a principal has a * in the middle', 'cluster.local/ns/*/sa/x'],
      ['a principal is a bare service account', 'frontend'],
      ['a principal namespace is invalid', 'cluster.local/ns/Shop/sa/x'],
      ['a principal uses spiffe://', 'spiffe://cluster.local/ns/shop/sa/x'],
    ])('fails if %s', (_n, p) => rule({ from: [{ principals: [p] }] }, { field: 'rules[0].from[0].principals[0]', value: JSON.stringify(p), fix: 'write "<trust-domain>/ns/<namespace>/sa/<service-account>"' }));
    test('accepts principal prefixes and suffixes', () => {
      const { chart } = newChart();
      const ap = new AuthorizationPolicy(chart, 'Ap');
      ap.addRule({ from: [{ principals: ['*', 'cluster.local/ns/shop/*', '*/sa/frontend', '*/ns/shop/sa/frontend', 'cluster.local/*', '*shop*'] }] });
      synthValid(chart);
    });
    test('fails if a namespace pattern is invalid', () => rule({ from: [{ namespaces: ['te*am'] }] }, { field: 'rules[0].from[0].namespaces[0]', value: '"te*am"', fix: 'use a namespace name such as "shop"' }));
    test('fails if an ipBlock is not an IP or CIDR', () => rule({ from: [{ remoteIpBlocks: ['10.0.0.0/33'] }] }, { field: 'rules[0].from[0].remoteIpBlocks[0]', value: '"10.0.0.0/33"', fix: 'use e.g. "10.0.0.0/8"' }));
    test('fails if serviceAccounts are combined with principals', () => rule({ from: [{ serviceAccounts: ['a'], principals: ['cluster.local/ns/a/sa/b'] }] },
      { field: 'rules[0].from[0].serviceAccounts', value: '["a"]', problem: 'cannot be combined', fix: 'express the identity one way' }));
    test('fails if a serviceAccount has a wildcard', () => rule({ from: [{ serviceAccounts: ['shop/*'] }] }, { field: 'rules[0].from[0].serviceAccounts[0]', value: '"shop/*"', fix: 'list the service accounts' }));
    test('fails if a serviceAccount has too many parts', () => rule({ from: [{ notServiceAccounts: ['a/b/c'] }] }, { field: 'rules[0].from[0].notServiceAccounts[0]', value: '"a/b/c"', fix: 'write e.g. "shop/frontend"' }));
    test('fails if more than 16 serviceAccounts are listed', () => rule({ from: [{ serviceAccounts: Array.from({ length: 17 }, (_, i) => `sa${i}`) }] },
      { field: 'rules[0].from[0].serviceAccounts', value: '"17 entries"', fix: 'split into several sources' }));
    test('fails if a port is invalid', () => rule({ to: [{ ports: [70000] }] }, { field: 'rules[0].to[0].ports[0]', value: '70000', fix: 'use a valid port' }));
    test('fails if a path template is invalid', () => rule({ to: [{ paths: ['/api/{**}/x/{*}'] }] }, { field: 'rules[0].to[0].paths[0]', value: '"/api/{**}/x/{*}"', problem: '{**}" must be the last', fix: 'use an exact path' }));
    test('fails if a path has stray braces', () => rule({ to: [{ notPaths: ['/api/{id}'] }] }, { field: 'rules[0].to[0].notPaths[0]', value: '"/api/{id}"', fix: 'use an exact path' }));
    test('fails if a when key is unknown', () => rule({ when: [{ key: 'request.path', values: ['/'] }] }, { field: 'rules[0].when[0].key', value: '"request.path"', problem: 'unknown attribute', fix: 'use one of source.ip' }));
    test('fails if a when key is a replaced attribute', () => rule({ when: [{ key: 'destination.namespace', values: ['a'] }] }, { field: 'rules[0].when[0].key', value: '"destination.namespace"', fix: 'create the policy in that namespace' }));
    test('fails if a map-style when key has no [name]', () => rule({ when: [{ key: 'request.headers', values: ['a'] }] }, { field: 'rules[0].when[0].key', value: '"request.headers"', fix: 'write e.g. "request.headers[name]"' }));
    test('fails if a condition has no values', () => rule({ when: [{ key: 'source.ip' }] }, { field: 'rules[0].when[0]', problem: 'at least one of values or notValues', fix: 'list the values' }));
    test('fails if a condition value does not fit the key', () => rule({ when: [{ key: 'destination.port', values: ['http'] }] }, { field: 'rules[0].when[0].values[0]', value: '"http"', fix: 'use e.g. "8080"' }));
    test('fails if CUSTOM rules use principals', () => rule({ from: [{ principals: ['*'] }] },
      { field: 'rules[0].from[0].principals', value: '["*"]', problem: 'not supported with the CUSTOM action', fix: 'match on ipBlocks' }, AuthorizationAction.CUSTOM));
    test('fails if CUSTOM rules use request.auth conditions', () => rule({ when: [{ key: 'request.auth.claims[iss]', values: ['x'] }] },
      { field: 'rules[0].when[0].key', value: '"request.auth.claims[iss]"', fix: 'match on request headers or IPs instead' }, AuthorizationAction.CUSTOM));
  });
});
