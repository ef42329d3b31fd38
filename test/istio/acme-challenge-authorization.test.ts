// The Istio family's check of AuthorizationPolicies on the gateway pods an ACME HTTP-01
// challenge passes (`istio/acme-challenge-authorization`), over objects of any origin.
//
// Upstream facts the cases are built from:
// - The request `GET /.well-known/acme-challenge/<token>` comes from the CA without a client
//   certificate or JWT (RFC 8555 §8.3; Let's Encrypt validates from addresses it does not publish,
//   letsencrypt.org/docs/faq), on port 80 and, after an httpsRedirect, on 443 of the same pods.
// - Istio's filters run CUSTOM, then DENY, then ALLOW; with any ALLOW policy applying, a request
//   matching none of their rules is denied (istio/istio pilot/pkg/security/authz/builder/builder.go;
//   istio.io docs "Authorization Policy", precedence). Policies apply from the root namespace and
//   the pods' namespace by selector, or by targetRefs to a Gateway API Gateway of their namespace
//   (pilot/pkg/model/authorization.go ListAuthorizationPolicies, policyattachment.go
//   ShouldAttachPolicy). Values: exact, `prefix*`, `*suffix`, `*` (pilot/pkg/security/authz/matcher).
// - Dry-run policies only record (builder.go isDryRun → shadow rules).
import { ApiObject, App, Chart } from 'cdk8s';
import { Synthesis } from '../../src';
import { AuthorizationPolicy } from '../../src/istio';
import { HttpsRedirectGateway, IngressApi } from '../../src/patterns';
import { Expected, expectMessage, newChart } from '../util/expect';

const ABOUT = /ACME HTTP-01 challenge request/;
const CHALLENGE = '/.well-known/acme-challenge/*';

function found(app: App, severity: 'error' | 'warning'): string[] {
  return Synthesis.problems([app]).filter((p) => p.severity === severity && ABOUT.test(p.message)).map((p) => p.message);
}

function expectOnly(app: App, severity: 'error' | 'warning', e: Expected): void {
  const all = [...found(app, 'error'), ...found(app, 'warning')];
  expect(all).toHaveLength(1);
  expect(found(app, severity)).toHaveLength(1);
  expectMessage(all[0], e);
}

let n = 0;
function policy(chart: Chart, namespace: string, spec: any, annotations?: { [key: string]: string }): ApiObject {
  n++;
  return new ApiObject(chart, `Ap${n}`, { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: `ap${n}`, namespace, ...(annotations ? { annotations } : {}) }, spec });
}

/** HttpsRedirectGateway for shop.example.com on the pods `istio: ingressgateway` in istio-system (port 80 redirects, 443 routes). */
function site(api = IngressApi.ISTIO): { app: App; chart: Chart } {
  const { app, chart } = newChart();
  new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], api, workload: { namespace: api === IngressApi.ISTIO ? 'istio-system' : 'shop' }, routes: [{ serviceName: 'web', serviceNamespace: 'web', port: 80 }] });
  return { app, chart };
}

const GATEWAY = { istio: 'ingressgateway' };
const WHERE = 'for shop.example.com on port 80 of the pods of Gateway istio-system/shop (istio: ingressgateway in istio-system) (and 1 more)';
const ALLOW_FIX = `add a rule for the challenge to this policy: { to: [{ operation: { methods: ["GET"], paths: ["${CHALLENGE}"] } }] }`;

describe('ALLOW policies: a request matching none of their rules is denied', () => {
  test('a mesh-wide ALLOW requiring a JWT (requestPrincipals): an error on the policy naming rule and field, with the fix', () => {
    const { app, chart } = site();
    const ap = policy(chart, 'istio-system', { selector: { matchLabels: GATEWAY }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    expectOnly(app, 'error', {
      path: ap.node.path, field: 'spec.rules[0].from[0].source.requestPrincipals', value: '["*"]',
      problem: `the ALLOW policies applying to the ACME HTTP-01 challenge request GET /.well-known/acme-challenge/<token> ${WHERE} (istio-system/ap${n}) have no rule it matches; this policy requires rules[0].from[0].source.requestPrincipals (the ACME server sends no JWT): when ALLOW policies apply, a request matching none of their rules is denied, so the request gets 403 "RBAC: access denied"`,
      fix: ALLOW_FIX,
    });
  });

  test('mTLS identities (principals, namespaces) are refused the same way; a policy without rules too', () => {
    for (const source of [{ principals: ['cluster.local/ns/web/sa/web'] }, { namespaces: ['web'] }]) {
      const { app, chart } = site();
      policy(chart, 'istio-system', { rules: [{ from: [{ source }] }] });
      const field = Object.keys(source)[0];
      expect(found(app, 'error')).toEqual([expect.stringContaining(`the request has no mTLS identity): when ALLOW policies apply`)]);
      expect(found(app, 'error')[0]).toContain(`(spec.rules[0].from[0].source.${field}: `);
    }
    const { app, chart } = site();
    policy(chart, 'istio-system', {});
    expect(found(app, 'error')).toEqual([expect.stringContaining('(this policy has no rules)')]);
  });

  test('the fix: a rule allowing the challenge path (in any ALLOW policy) lets it through', () => {
    const { app, chart } = site();
    policy(chart, 'istio-system', { selector: { matchLabels: GATEWAY }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    policy(chart, 'istio-system', { selector: { matchLabels: GATEWAY }, rules: [{ to: [{ operation: { methods: ['GET'], paths: [CHALLENGE] } }] }] });
    expect([...found(app, 'error'), ...found(app, 'warning')]).toEqual([]);
  });

  test('source addresses the app cannot know: a warning, not an error', () => {
    const { app, chart } = site();
    const ap = policy(chart, 'istio-system', { rules: [{ from: [{ source: { ipBlocks: ['203.0.113.0/24'] } }] }] });
    expectOnly(app, 'warning', { path: ap.node.path, field: 'spec.rules', problem: /no rule it surely matches.*Let's Encrypt validates from several addresses it does not publish/, fix: ALLOW_FIX });
  });
});

describe('DENY and CUSTOM policies', () => {
  test('a DENY rule on a path prefix covering the challenge: an error naming the paths field, fixed by notPaths', () => {
    const { app, chart } = site();
    const ap = policy(chart, 'istio-system', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/.well-known/*'] } }] }] });
    expectOnly(app, 'error', {
      path: ap.node.path, field: 'spec.rules[0].to[0].operation.paths', value: '["/.well-known/*"]',
      problem: `this DENY rule (rules[0]) matches the ACME HTTP-01 challenge request GET /.well-known/acme-challenge/<token> ${WHERE}: Istio applies DENY policies before ALLOW ones, so the request gets 403`,
      fix: `exclude the challenge path from the rule: notPaths: ["${CHALLENGE}"] on its operation (to[].operation.notPaths in the manifest, rules[i].to[j].notPaths on the istio.AuthorizationPolicy construct)`,
    });
    const fixed = site();
    policy(fixed.chart, 'istio-system', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/.well-known/*'], notPaths: [CHALLENGE] } }] }] });
    expect([...found(fixed.app, 'error'), ...found(fixed.app, 'warning')]).toEqual([]);
  });

  test('DENY requests without a JWT (notRequestPrincipals ["*"]): an error on that field', () => {
    const { app, chart } = site();
    policy(chart, 'istio-system', { action: 'DENY', selector: { matchLabels: GATEWAY }, rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] });
    expect(found(app, 'error')).toEqual([expect.stringContaining('(spec.rules[0].from[0].source.notRequestPrincipals: ["*"])')]);
  });

  test('rules the request does not meet: another method, host, or a header it does not send', () => {
    const { app, chart } = site();
    policy(chart, 'istio-system', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }, { to: [{ operation: { hosts: ['admin.example.com'] } }] }, { when: [{ key: 'request.headers[x-debug]', values: ['1'] }] }] });
    expect([...found(app, 'error'), ...found(app, 'warning')]).toEqual([]);
  });

  test('a CUSTOM policy matching the path: a warning naming the provider (its authorizer decides)', () => {
    const { app, chart } = site();
    const ap = policy(chart, 'istio-system', { action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, rules: [{ to: [{ operation: { paths: ['/*'] } }] }] });
    expectOnly(app, 'warning', {
      path: ap.node.path, field: 'spec.rules[0]',
      problem: 'this CUSTOM rule matches the ACME HTTP-01 challenge request GET /.well-known/acme-challenge/<token> for shop.example.com on port 80 of the pods of Gateway istio-system/shop (istio: ingressgateway in istio-system) (and 1 more): the external authorizer of provider "oauth2-proxy", outside the app, decides',
      fix: /^exclude the challenge path from the rule \(notPaths: \["\/\.well-known\/acme-challenge\/\*"\] on its operation: to\[\]\.operation\.notPaths in the manifest, rules\[i\]\.to\[j\]\.notPaths on the istio\.AuthorizationPolicy construct\)/,
    });
  });
});

describe('which policies apply to the gateway pods', () => {
  test('another namespace, other pods, dry-run, AUDIT: none decides', () => {
    const { app, chart } = site();
    const denyAll = { action: 'DENY', rules: [{}] };
    policy(chart, 'web', denyAll);
    policy(chart, 'istio-system', { ...denyAll, selector: { matchLabels: { istio: 'egressgateway' } } });
    policy(chart, 'istio-system', denyAll, { 'istio.io/dry-run': 'true' });
    policy(chart, 'istio-system', { action: 'AUDIT', rules: [{}] });
    policy(chart, 'istio-system', { rules: [{ from: [{ source: { principals: ['x'] } }] }], targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop' }] });
    expect([...found(app, 'error'), ...found(app, 'warning')]).toEqual([]);
  });

  test('a selector naming labels the Gateway\'s selector does not: it may apply, so a warning', () => {
    const { app, chart } = site();
    policy(chart, 'istio-system', { action: 'DENY', selector: { matchLabels: { app: 'istio-ingressgateway' } }, rules: [{}] });
    expect(found(app, 'warning')).toEqual([expect.stringContaining('(if the pods carry the labels of its selector the Gateway does not name)')]);
    expect(found(app, 'error')).toEqual([]);
  });

  test('Gateway API: a policy attached by targetRefs to the Gateway, on port 80 (the challenge route answers there)', () => {
    const { app, chart } = site(IngressApi.GATEWAY_API);
    const ap = policy(chart, 'shop', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop' }], rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    expectOnly(app, 'error', {
      path: ap.node.path, field: 'spec.rules[0].from[0].source.requestPrincipals', value: '["*"]',
      problem: 'GET /.well-known/acme-challenge/<token> for shop.example.com on port 80 of the pods of Gateway shop/shop (gateway.networking.k8s.io/gateway-name: shop in shop) (shop/ap',
      fix: ALLOW_FIX,
    });
  });
});

test('any origin: manifests, a server host restricted to a namespace (`shop/…`) still receives the request', () => {
  const { app, chart } = newChart();
  const m = (id: string, apiVersion: string, kind: string, metadata: any, spec: any) => new ApiObject(chart, id, { apiVersion, kind, metadata, spec });
  m('Issuer', 'cert-manager.io/v1', 'ClusterIssuer', { name: 'le' }, { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le' }, solvers: [{ http01: { ingress: { ingressClassName: 'unserved' } } }] } });
  m('Cert', 'cert-manager.io/v1', 'Certificate', { name: 'shop', namespace: 'gw' }, { secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
  m('Edge', 'networking.istio.io/v1', 'Gateway', { name: 'edge', namespace: 'gw' }, { selector: { app: 'edge' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop/shop.example.com'] }] });
  const ap = policy(chart, 'gw', { selector: { matchLabels: { app: 'edge' } }, rules: [{ from: [{ source: { namespaces: ['web'] } }] }] });
  expectOnly(app, 'error', {
    path: ap.node.path, field: 'spec.rules[0].from[0].source.namespaces', value: '["web"]',
    problem: 'GET /.well-known/acme-challenge/<token> for shop.example.com on port 80 of the pods of Gateway gw/edge (app: edge in gw) (gw/ap',
    fix: ALLOW_FIX,
  });
});

test('the library\'s AuthorizationPolicy: the message names its path and props', () => {
  const { app, chart } = site();
  new AuthorizationPolicy(chart, 'RequireJwt', { metadata: { name: 'require-jwt', namespace: 'istio-system' }, selector: GATEWAY, rules: [{ from: [{ requestPrincipals: ['*'] }] }] });
  const [message] = found(app, 'error');
  expect(message).toMatch(/^\[test\/RequireJwt\] the ALLOW policies applying to the ACME HTTP-01 challenge request .* \(istio-system\/require-jwt\) have no rule it matches/);
  // the field as the props name it: a source is rules[i].from[j] (rendered inside `source`)
  expect(message).toMatch(/\(rules\[0\]\.from\[0\]\.requestPrincipals: \["\*"\]\) — add a rule for the challenge to this policy/);
});
