// Unit tests of the ACME HTTP-01 routing tracer on hand-written manifests.
import * as fs from 'fs';
import * as path from 'path';
import { adler32, hostMatches, selectSolver, traceHttp01 } from './acme-trace';
import { validateManifests } from './schema';

const CHALLENGE = '/.well-known/acme-challenge/';
const TOKEN = 'tok-first-issuance';

// ------------------------------------------------------------------------------------------
// Fixtures: classic Istio, the shape of cert-manager's Istio page (seed 000) with today's CRDs

function seed000(opts: { challengeRoute?: boolean; temporaryCertificate?: boolean; solverServiceSelector?: Record<string, string> } = {}): any[] {
  const { challengeRoute = true, temporaryCertificate = true } = opts;
  return [
    {
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'example-gateway', namespace: 'example-ns' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['example.com'], tls: { httpsRedirect: true } },
          { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['example.com'], tls: { mode: 'SIMPLE', credentialName: 'example-cert-secret' } },
        ],
      },
    },
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'example-issuer', namespace: 'istio-system' },
      spec: {
        acme: {
          server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
          privateKeySecretRef: { name: 'example-issuer-account-key' },
          solvers: [{
            selector: { dnsNames: ['example.com'] },
            // The Ingress cert-manager creates is inert (no controller serves this class); the pod
            // gets a per-host label that the app's own Service selects.
            http01: { ingress: { ingressClassName: 'cert-manager-http01-unserved', podTemplate: { metadata: { labels: { 'acme-solver': 'example-com' } } } } },
          }],
        },
      },
    },
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
      metadata: { name: 'example-cert', namespace: 'istio-system', ...(temporaryCertificate ? { annotations: { 'cert-manager.io/issue-temporary-certificate': 'true' } } : {}) },
      spec: { secretName: 'example-cert-secret', dnsNames: ['example.com'], issuerRef: { kind: 'Issuer', name: 'example-issuer' } },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'acme-solver-example-com', namespace: 'istio-system' },
      spec: { selector: opts.solverServiceSelector ?? { 'acme-solver': 'example-com' }, ports: [{ name: 'http', port: 8089, targetPort: 8089 }] },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'example-com', namespace: 'istio-system' },
      spec: {
        hosts: ['example.com'], gateways: ['example-ns/example-gateway'],
        http: [
          ...(challengeRoute ? [{ name: 'acme', match: [{ uri: { prefix: CHALLENGE } }], route: [{ destination: { host: 'acme-solver-example-com', port: { number: 8089 } } }] }] : []),
          { name: 'web', route: [{ destination: { host: 'web.example-ns.svc.cluster.local', port: { number: 80 } } }] },
        ],
      },
    },
    ...webApp('example-ns'),
  ];
}

function webApp(ns: string): any[] {
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    },
  ];
}

const byKind = (docs: any[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

// ------------------------------------------------------------------------------------------
// Fixtures: Gateway API (gatewayClassName istio), redirect HTTPRoute + gatewayHTTPRoute solver

function gatewayApi(opts: { httpFrom?: string; certNamespace?: string; solverSection?: string; temporaryCertificate?: boolean; extraRoutes?: any[] } = {}): any[] {
  const certNs = opts.certNamespace ?? 'istio-ingress';
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'web', namespace: 'istio-ingress' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: opts.httpFrom ?? 'All' } } },
          { name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'https-redirect', namespace: 'istio-ingress' },
      spec: {
        parentRefs: [{ name: 'web', sectionName: 'http' }],
        hostnames: ['shop.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'shop', namespace: 'apps' },
      spec: {
        parentRefs: [{ name: 'web', namespace: 'istio-ingress', sectionName: 'https' }],
        hostnames: ['shop.example.com'],
        rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
      },
    },
    ...(opts.extraRoutes ?? []),
    {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' },
      spec: {
        acme: {
          server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'letsencrypt-account' },
          solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'web', namespace: 'istio-ingress', kind: 'Gateway', sectionName: opts.solverSection ?? 'http' }] } } }],
        },
      },
    },
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
      metadata: { name: 'shop', namespace: certNs, ...(opts.temporaryCertificate ? { annotations: { 'cert-manager.io/issue-temporary-certificate': 'true' } } : {}) },
      spec: { secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } },
    },
    ...webApp('apps'),
  ];
}

const GW_API = { host: 'shop.example.com', gatewayLabels: { 'gateway.networking.k8s.io/gateway-name': 'web' }, gatewayNamespace: 'istio-ingress' };

// ------------------------------------------------------------------------------------------

describe('fixtures are valid manifests', () => {
  test.each([
    ['seed 000 shape', seed000()],
    ['Gateway API shape', gatewayApi()],
  ])('%s validates against the pinned upstream schemas', (_name, docs) => {
    // Istio's CRD schemas list only spec/status at the root; a validator that closes the root
    // rejects apiVersion/kind/metadata of every Istio object. Ignore exactly that (a no-op once
    // test/util/schema.ts accepts those root fields).
    const rootOnly = / \/ must NOT have additional properties \((apiVersion|kind|metadata)\)$/;
    expect(validateManifests(docs).filter((p) => !rootOnly.test(p))).toEqual([]);
  });
});

describe('classic Istio Gateway (seed 000 shape)', () => {
  test('challenge routed on the HTTPS server too: reached through the 301, at first issuance and renewal', () => {
    const r = traceHttp01(seed000(), { host: 'example.com' });
    expect(r.reason).toBeUndefined();
    expect(r.reachesSolver).toBe(true);
    expect(r.hops).toEqual(expect.arrayContaining([
      '[first issuance] Certificate istio-system/example-cert',
      'Certificate istio-system/example-cert lists example.com → Issuer istio-system/example-issuer (ACME)',
      'solver[0] selected (selector.dnsNames) → http01.ingress',
      `GET http://example.com${CHALLENGE}${TOKEN}`,
      `Gateway example-ns/example-gateway server http tls.httpsRedirect → 301 https://example.com${CHALLENGE}${TOKEN}`,
      `GET https://example.com${CHALLENGE}${TOKEN}`,
      'Gateway example-ns/example-gateway server https (HTTPS SIMPLE, Secret istio-system/example-cert-secret holds cert-manager\'s temporary certificate) terminates TLS; the client does not verify the certificate',
      `VirtualService istio-system/example-com http[0] "acme" ${CHALLENGE} → acme-solver-example-com:8089`,
      'Service istio-system/acme-solver-example-com selects solver pod → :8089',
      'solver pod answers 200 with the key authorization',
      '[renewal] Certificate istio-system/example-cert',
    ]));
    expect(r.hops.some((h) => h.includes('Ingress istio-system/') && h.includes('inert'))).toBe(true);
  });

  test('same without the challenge route on 443: the redirect swallows it', () => {
    const r = traceHttp01(seed000({ challengeRoute: false }), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.hops).toContain(`Gateway example-ns/example-gateway server http tls.httpsRedirect → 301 https://example.com${CHALLENGE}${TOKEN}`);
    expect(r.hops).toContain('VirtualService istio-system/example-com http[0] "web" (no match) → web.example-ns.svc.cluster.local:80');
    expect(r.reason).toBe('[first issuance] Certificate istio-system/example-cert: Service example-ns/web is in example-ns, but the solver pod is created in the Certificate\'s namespace istio-system');
  });

  test('without the temporary-certificate annotation the first issuance fails at the TLS handshake (renewal alone would pass)', () => {
    const r = traceHttp01(seed000({ temporaryCertificate: false }), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/^\[first issuance\].*does not exist yet.*issue-temporary-certificate.*TLS handshake fails/);
  });

  test('a Service selecting the wrong pods: not reached', () => {
    const r = traceHttp01(seed000({ solverServiceSelector: { 'acme-solver': 'other-host' } }), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/Service istio-system\/acme-solver-example-com selector \{acme-solver=other-host\} does not select the solver pod/);
  });

  test('a Service selecting every solver pod is load-balanced to the pods of the other names of the Order', () => {
    const docs = seed000({ solverServiceSelector: { 'acme.cert-manager.io/http01-solver': 'true' } });
    expect(traceHttp01(docs, { host: 'example.com' }).reachesSolver).toBe(true); // one name: only one solver pod
    byKind(docs, 'Certificate', 'example-cert').spec.dnsNames.push('www.example.com');
    byKind(docs, 'Issuer', 'example-issuer').spec.acme.solvers[0].selector.dnsNames.push('www.example.com');
    const r = traceHttp01(docs, { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/also selects the solver pod for www\.example\.com .*404 for this token/);
  });

  test('a Service that also selects an app Deployment: not reached', () => {
    const docs = seed000();
    byKind(docs, 'Service', 'acme-solver-example-com').spec.selector = { 'acme-solver': 'example-com' };
    docs.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lookalike', namespace: 'istio-system' },
      spec: { selector: { matchLabels: { 'acme-solver': 'example-com' } }, template: { metadata: { labels: { 'acme-solver': 'example-com' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } },
    });
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/also selects Deployment istio-system\/lookalike/);
  });

  test('the Service must map the port to the solver\'s 8089 (named port "http" works)', () => {
    const docs = seed000();
    const svc = byKind(docs, 'Service', 'acme-solver-example-com');
    svc.spec.ports = [{ name: 'http', port: 8089, targetPort: 8080 }];
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/port 8089 targets 8080, not the solver's 8089/);
    svc.spec.ports = [{ name: 'http', port: 8089, targetPort: 'http' }];
    expect(traceHttp01(docs, { host: 'example.com' }).reachesSolver).toBe(true);
  });

  test('a Service in another namespace than the Certificate cannot select the solver pod', () => {
    const docs = seed000();
    byKind(docs, 'Service', 'acme-solver-example-com').metadata.namespace = 'example-ns';
    byKind(docs, 'VirtualService', 'example-com').spec.http[0].route[0].destination.host = 'acme-solver-example-com.example-ns.svc.cluster.local';
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/is in example-ns, but the solver pod is created in the Certificate's namespace istio-system/);
  });

  test('a challenge route that only matches one token passes the first issuance and fails the renewal', () => {
    const docs = seed000();
    byKind(docs, 'VirtualService', 'example-com').spec.http[0].match = [{ uri: { exact: `${CHALLENGE}${TOKEN}` } }];
    const r = traceHttp01(docs, { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/^\[renewal\]/);
  });

  test('gateway selector not matching the workload: nothing listens', () => {
    const r = traceHttp01(seed000(), { host: 'example.com', gatewayLabels: { istio: 'internal-gateway' } });
    expect(r.reason).toMatch(/nothing on the gateway workload \{istio=internal-gateway\} in istio-system listens on port 80/);
  });

  test('a VirtualService not exported to the gateway namespace is not bound', () => {
    const docs = seed000();
    const vs = byKind(docs, 'VirtualService', 'example-com');
    vs.metadata.namespace = 'example-ns';
    vs.spec.exportTo = ['.'];
    vs.spec.http[0].route[0].destination.host = 'acme-solver-example-com.istio-system.svc.cluster.local';
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/no virtual host for example\.com on port 443/);
    vs.spec.exportTo = ['*'];
    expect(traceHttp01(docs, { host: 'example.com' }).reachesSolver).toBe(true);
  });

  test('server hosts with a namespace restrict which VirtualServices bind', () => {
    const docs = seed000();
    const https = byKind(docs, 'Gateway', 'example-gateway').spec.servers[1];
    https.hosts = ['example-ns/example.com']; // the VirtualService lives in istio-system
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/no virtual host for example\.com on port 443/);
    https.hosts = ['istio-system/example.com'];
    expect(traceHttp01(docs, { host: 'example.com' }).reachesSolver).toBe(true);
  });

  test('a client-certificate (MUTUAL) HTTPS server rejects the validation client', () => {
    const docs = seed000();
    byKind(docs, 'Gateway', 'example-gateway').spec.servers[1].tls.mode = 'MUTUAL';
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/requires a client certificate/);
  });
});

describe('classic Istio: VirtualService rules on port 80 (no server-level httpsRedirect)', () => {
  // A VirtualService bound to both servers; port-80 rules carry `port: 80`.
  function portRules(http: any[]): any[] {
    const docs = seed000({ challengeRoute: false });
    delete byKind(docs, 'Gateway', 'example-gateway').spec.servers[0].tls;
    byKind(docs, 'VirtualService', 'example-com').spec.http = [...http, { name: 'web', route: [{ destination: { host: 'web.example-ns.svc.cluster.local', port: { number: 80 } } }] }];
    return docs;
  }
  const toSolver = { route: [{ destination: { host: 'acme-solver-example-com', port: { number: 8089 } } }] };
  const redirectHttp = { name: 'to-https', match: [{ port: 80, scheme: { exact: 'http' } }], redirect: { scheme: 'https', redirectCode: 301 } };
  const challengeOn80 = { name: 'acme', match: [{ port: 80, uri: { prefix: CHALLENGE } }], ...toSolver };

  test('a redirect rule before the challenge rule: not reached', () => {
    const r = traceHttp01(portRules([redirectHttp, challengeOn80]), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.hops).toContain(`VirtualService istio-system/example-com http[0] "to-https" scheme =http port 80 → 301 https://example.com${CHALLENGE}${TOKEN}`);
    expect(r.reason).toMatch(/Service example-ns\/web is in example-ns, but the solver pod is created in the Certificate's namespace/);
  });

  test('the challenge rule before the redirect rule: reached on port 80, no redirect', () => {
    const r = traceHttp01(portRules([challengeOn80, redirectHttp]), { host: 'example.com' });
    expect(r.reachesSolver).toBe(true);
    expect(r.hops.filter((h) => h.startsWith('GET '))).toEqual([`GET http://example.com${CHALLENGE}${TOKEN}`]);
    expect(r.hops).toContain(`VirtualService istio-system/example-com http[0] "acme" ${CHALLENGE} port 80 → acme-solver-example-com:8089`);
    expect(r.hops).toContain('[renewal] Certificate istio-system/example-cert: same route with a new token');
  });

  test('a catch-all redirect before the challenge rule: the VirtualService API and Istio\'s route sorting disagree, so not provable', () => {
    const catchAll = { name: 'to-https', match: [{ port: 80 }], redirect: { scheme: 'https' } };
    const r = traceHttp01(portRules([catchAll, challengeOn80]), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/route order decides: the VirtualService API \(first match wins\) gives istio-system\/example-com http\[0\], Istio's implementation \(catch-all routes moved last, SortVHostRoutes\) gives istio-system\/example-com http\[1\]/);
  });

  test('a rule matching on request headers before the challenge rule is not provable', () => {
    const r = traceHttp01(portRules([{ match: [{ headers: { 'x-forwarded-proto': { exact: 'http' } } }], redirect: { scheme: 'https' } }, challengeOn80]), { host: 'example.com' });
    expect(r.reason).toMatch(/headers the model cannot evaluate/);
  });

  test('a redirect to a port other than 80/443 is not followed by Let\'s Encrypt', () => {
    const r = traceHttp01(portRules([{ match: [{ port: 80 }], redirect: { scheme: 'https', port: 8443 } }]), { host: 'example.com' });
    expect(r.reason).toMatch(/redirect to port 8443/);
  });

  test('a redirect to another host ends at a solver that only answers for its own host', () => {
    const r = traceHttp01(portRules([{ match: [{ port: 80, uri: { prefix: CHALLENGE } }], redirect: { authority: 'www.example.com' } }]), { host: 'example.com' });
    expect(r.reason).toMatch(/redirect to another host \(www\.example\.com\)/);
  });

  test('a redirect loop is detected', () => {
    const docs = portRules([{ match: [{ port: 80 }], redirect: { scheme: 'https' } }, { match: [{ port: 443, uri: { prefix: CHALLENGE } }], redirect: { scheme: 'http' } }]);
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/redirect loop/);
  });

  test('more than 10 redirects are not followed', () => {
    const chain = Array.from({ length: 12 }, (_, i) => ({
      match: [{ port: 80, uri: { exact: i === 0 ? `${CHALLENGE}${TOKEN}` : `/hop${i}` } }], redirect: { uri: `/hop${i + 1}` },
    }));
    expect(traceHttp01(portRules(chain), { host: 'example.com' }).reason).toMatch(/more than 10 redirects/);
  });

  test('a rewrite of the path ends at the solver with the wrong path', () => {
    const r = traceHttp01(portRules([{ ...challengeOn80, rewrite: { uri: '/' } }]), { host: 'example.com' });
    expect(r.reason).toMatch(/the solver pod answers 404/);
  });
});

describe('classic Istio: several VirtualServices for one host', () => {
  function twoVs(second: any): any[] {
    const docs = seed000();
    docs.push({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'example-com-extra', namespace: 'example-ns' }, spec: { hosts: ['example.com'], gateways: ['example-gateway'], http: second } });
    return docs;
  }

  test('merged in an undefined order: reported when they disagree about the challenge path', () => {
    const r = traceHttp01(twoVs([{ route: [{ destination: { host: 'web', port: { number: 80 } } }] }]), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/VirtualServices istio-system\/example-com http\[0\] and example-ns\/example-com-extra http\[0\] both match .* Istio merges them in an undefined order/);
  });

  test('no conflict when the other VirtualService does not match the challenge path', () => {
    const r = traceHttp01(twoVs([{ match: [{ uri: { prefix: '/api/' } }], route: [{ destination: { host: 'web', port: { number: 80 } } }] }]), { host: 'example.com' });
    expect(r.reachesSolver).toBe(true);
  });
});

describe('ingress solvers', () => {
  function ingressSolver(cls: string, redirect: boolean): any[] {
    const docs = seed000({ challengeRoute: false });
    const gw = byKind(docs, 'Gateway', 'example-gateway');
    if (!redirect) delete gw.spec.servers[0].tls;
    byKind(docs, 'Issuer', 'example-issuer').spec.acme.solvers[0].http01 = { ingress: { ingressClassName: cls } };
    byKind(docs, 'VirtualService', 'example-com').spec.http = [{ match: [{ uri: { prefix: '/app/' } }], route: [{ destination: { host: 'web.example-ns.svc.cluster.local', port: { number: 80 } } }] }];
    return docs;
  }

  test('by default the solver Ingress is inert: not reached', () => {
    const r = traceHttp01(ingressSolver('istio', false), { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.hops.some((h) => h.includes('class not served by this gateway: the Ingress is inert'))).toBe(true);
    expect(r.reason).toMatch(/no route of istio-system\/example-com matches/);
  });

  test('an Ingress class served by the gateway carries the challenge on port 80', () => {
    const r = traceHttp01(ingressSolver('istio', false), { host: 'example.com', ingressClasses: ['istio'] });
    expect(r.reason).toBeUndefined();
    expect(r.reachesSolver).toBe(true);
  });

  test('a port-80 server with httpsRedirect for the host swallows the served Ingress too', () => {
    const r = traceHttp01(ingressSolver('istio', true), { host: 'example.com', ingressClasses: ['istio'] });
    expect(r.reachesSolver).toBe(false);
    expect(r.hops.some((h) => h.includes('tls.httpsRedirect → 301'))).toBe(true);
  });
});

describe('the policy layers (seed 000 shape)', () => {
  const ap = (name: string, namespace: string, spec: any) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
  const dr = (name: string, namespace: string, spec: any) => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec });
  const requireJwt = ap('require-jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });

  test('no policy: every arrival and the solver hop say so', () => {
    const r = traceHttp01(seed000(), { host: 'example.com' });
    expect(r.hops).toContain('AuthorizationPolicy: none applies at the gateway pods {istio=ingressgateway} in istio-system');
    expect(r.hops).toContain('no DestinationRule applies: plain HTTP to acme-solver-example-com.istio-system.svc.cluster.local:8089 (auto mTLS: the solver pod has no sidecar)');
  });

  test('a mesh-wide ALLOW policy requiring a JWT: 403 on the first arrival (port 80, before the redirect)', () => {
    const r = traceHttp01([...seed000(), requireJwt], { host: 'example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toBe('[first issuance] Certificate istio-system/example-cert: no rule of the ALLOW policies AuthorizationPolicy istio-system/require-jwt matches at the gateway pods {istio=ingressgateway} in istio-system: 403 RBAC: access denied');
    expect(r.hops).not.toContain(expect.stringContaining('301'));
  });

  test('an ALLOW rule for the challenge path lets it through, on both arrivals (80, then 443), at first issuance and renewal', () => {
    const allow = ap('acme', 'istio-system', { rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/.well-known/acme-challenge/*'] } }] }] });
    const r = traceHttp01([...seed000(), requireJwt, allow], { host: 'example.com' });
    expect(r.reason).toBeUndefined();
    expect(r.hops.filter((h) => h === 'AuthorizationPolicy istio-system/acme (ALLOW) rules[0] allows it at the gateway pods {istio=ingressgateway} in istio-system')).toHaveLength(4);
  });

  test('a DENY rule on the well-known path: 403; a rule on another method does not match; an unknown source address is not provable', () => {
    const deny = ap('deny', 'example-ns', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/.well-known/*'] } }] }] });
    expect(traceHttp01([...seed000(), deny], { host: 'example.com', gatewayNamespace: 'example-ns' }).reason).toMatch(/AuthorizationPolicy example-ns\/deny \(DENY\) rules\[0\] matches .*403/);
    const post = ap('deny', 'istio-system', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] });
    expect(traceHttp01([...seed000(), post], { host: 'example.com' }).reachesSolver).toBe(true);
    const office = ap('office', 'istio-system', { rules: [{ from: [{ source: { ipBlocks: ['203.0.113.0/24'] } }] }] });
    expect(traceHttp01([...seed000(), office], { host: 'example.com' }).reason).toMatch(/\(ALLOW\) may allow it .*not provable/);
  });

  test('a policy in another namespace or for other pods does not apply', () => {
    const other = ap('deny-all', 'web', { action: 'DENY', rules: [{}] });
    const egress = ap('deny-egress', 'istio-system', { action: 'DENY', selector: { matchLabels: { istio: 'egressgateway' } }, rules: [{}] });
    expect(traceHttp01([...seed000(), other, egress], { host: 'example.com' }).reachesSolver).toBe(true);
  });

  test('a mesh-wide ISTIO_MUTUAL DestinationRule: 503 at the solver; a rule for the solver Service\'s host with DISABLE wins', () => {
    const mesh = dr('mesh', 'istio-system', { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    const r = traceHttp01([...seed000(), mesh], { host: 'example.com' });
    expect(r.reason).toBe('[first issuance] Certificate istio-system/example-cert: DestinationRule istio-system/mesh (host *.svc.cluster.local) makes the gateway originate ISTIO_MUTUAL TLS to acme-solver-example-com.istio-system.svc.cluster.local:8089, but the solver pod has no sidecar and serves plain HTTP: 503');
    const solver = dr('solver', 'istio-system', { host: 'acme-solver-example-com', exportTo: ['.'], trafficPolicy: { tls: { mode: 'DISABLE' } } });
    const fixed = traceHttp01([...seed000(), mesh, solver], { host: 'example.com' });
    expect(fixed.reason).toBeUndefined();
    expect(fixed.hops).toContain('DestinationRule istio-system/solver sets no TLS: plain HTTP to acme-solver-example-com.istio-system.svc.cluster.local:8089 (auto mTLS: the solver pod has no sidecar)');
  });
});

describe('Gateway API', () => {
  test('PathPrefix "/" redirect HTTPRoute plus the solver\'s Exact route on the HTTP listener: reached thanks to precedence', () => {
    const r = traceHttp01(gatewayApi(), GW_API);
    expect(r.reason).toBeUndefined();
    expect(r.reachesSolver).toBe(true);
    expect(r.hops).toEqual(expect.arrayContaining([
      'Gateway istio-ingress/web listener http (HTTP :80)',
      expect.stringMatching(/^HTTPRoute istio-ingress\/cm-acme-http-solver-\w+ \(created by cert-manager\) rule\[0\] Exact \/\.well-known\/acme-challenge\/tok-first-issuance → Service istio-ingress\/cm-acme-http-solver-\w+:8089$/),
      expect.stringMatching(/^Service istio-ingress\/cm-acme-http-solver-\w+ selects solver pod → :8089$/),
      '[renewal] Certificate istio-ingress/shop: same route with a new token',
    ]));
    expect(r.hops.some((h) => h.includes('301'))).toBe(false);
  });

  test('an app route with a longer PathPrefix for the challenge directory still loses to the solver\'s Exact match', () => {
    const extra = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'wellknown', namespace: 'istio-ingress' },
      spec: { parentRefs: [{ name: 'web', sectionName: 'http' }], hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/.well-known/acme-challenge' } }], backendRefs: [{ name: 'other', port: 80 }] }] },
    };
    expect(traceHttp01(gatewayApi({ extraRoutes: [extra] }), GW_API).reachesSolver).toBe(true);
  });

  test('a RegularExpression route that could match the challenge makes the outcome implementation-specific', () => {
    const extra = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'regex', namespace: 'istio-ingress' },
      spec: { parentRefs: [{ name: 'web', sectionName: 'http' }], hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/\\.well-known/.*' } }], backendRefs: [{ name: 'other', port: 80 }] }] },
    };
    expect(traceHttp01(gatewayApi({ extraRoutes: [extra] }), GW_API).reason).toMatch(/RegularExpression path \(implementation-specific precedence\)/);
  });

  test('solver route from another namespace not allowed on the listener: the redirect wins and the HTTPS leg fails', () => {
    const r = traceHttp01(gatewayApi({ httpFrom: 'Same', certNamespace: 'apps' }), GW_API);
    expect(r.reachesSolver).toBe(false);
    expect(r.hops.some((h) => /HTTPRoute apps\/cm-acme-http-solver-\w+ is not allowed on Gateway istio-ingress\/web listener http \(allowedRoutes.namespaces.from Same\): not attached/.test(h))).toBe(true);
    expect(r.hops).toContain(`HTTPRoute istio-ingress/https-redirect rule[0] PathPrefix / → 301 https://shop.example.com${CHALLENGE}${TOKEN}`);
    expect(r.reason).toMatch(/Secret istio-ingress\/shop-tls is written by no Certificate of the app/);
  });

  test('solver attached only to the HTTPS listener: needs the temporary certificate at first issuance', () => {
    const without = traceHttp01(gatewayApi({ solverSection: 'https' }), GW_API);
    expect(without.reachesSolver).toBe(false);
    expect(without.reason).toMatch(/^\[first issuance\].*Secret istio-ingress\/shop-tls does not exist yet/);
    const withTemp = traceHttp01(gatewayApi({ solverSection: 'https', temporaryCertificate: true }), GW_API);
    expect(withTemp.reason).toBeUndefined();
    expect(withTemp.hops).toContain(`HTTPRoute istio-ingress/https-redirect rule[0] PathPrefix / → 301 https://shop.example.com${CHALLENGE}${TOKEN}`);
  });

  test('a certificateRef to another namespace needs a ReferenceGrant', () => {
    const docs = gatewayApi({ solverSection: 'https', temporaryCertificate: true, certNamespace: 'certs' });
    const gw = byKind(docs, 'Gateway', 'web');
    gw.spec.listeners[1].tls.certificateRefs = [{ kind: 'Secret', name: 'shop-tls', namespace: 'certs' }];
    expect(traceHttp01(docs, GW_API).reason).toMatch(/Secret certs\/shop-tls in another namespace without a ReferenceGrant/);
    docs.push({
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'gateways-read-tls', namespace: 'certs' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'istio-ingress' }], to: [{ group: '', kind: 'Secret' }] },
    });
    expect(traceHttp01(docs, GW_API).reachesSolver).toBe(true);
  });

  test('a Gateway of another class is not served by Istio', () => {
    const docs = gatewayApi();
    byKind(docs, 'Gateway', 'web').spec.gatewayClassName = 'nginx';
    expect(traceHttp01(docs, GW_API).reason).toMatch(/nothing on the gateway workload .* listens on port 80/);
  });
});

describe('issuer and solver selection', () => {
  function wildcard(solvers: any[]): any[] {
    return [
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' }, spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le' }, solvers } } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'apps-wildcard', namespace: 'istio-system' }, spec: { secretName: 'apps-wildcard', dnsNames: ['*.apps.example.com', 'apps.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'le' } } },
    ];
  }
  const cloudflare = { dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'token' } } }, selector: { dnsZones: ['example.com'] } };
  const http01 = { http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'web', namespace: 'istio-ingress' }] } } };

  test('a wildcard name is validated with DNS-01, not HTTP-01', () => {
    const r = traceHttp01(wildcard([http01, cloudflare]), { host: '*.apps.example.com' });
    expect(r.reachesSolver).toBe(false);
    expect(r.reason).toMatch(/solver\[1\] of ClusterIssuer le is selected \(selector.dnsZones, 2 label\(s\)\) and it is DNS-01/);
  });

  test('a wildcard name with only HTTP-01 solvers gets cert-manager\'s vague error', () => {
    const r = traceHttp01(wildcard([http01]), { host: '*.apps.example.com' });
    expect(r.reason).toMatch(/no configured challenge solvers can be used for this challenge .*only DNS-01 for the wildcard/);
  });

  test('a name covered only by a wildcard Certificate gets no HTTP-01 request', () => {
    expect(traceHttp01(wildcard([cloudflare]), { host: 'shop.apps.example.com' }).reason).toMatch(/covered only by wildcard Certificate\(s\) Certificate istio-system\/apps-wildcard/);
  });

  test('a dnsZones DNS-01 solver beats a selector-less HTTP-01 solver for a plain name', () => {
    expect(traceHttp01(wildcard([http01, cloudflare]), { host: 'apps.example.com' }).reason).toMatch(/it is DNS-01/);
  });

  test('missing and non-ACME issuers', () => {
    const docs = seed000();
    byKind(docs, 'Certificate', 'example-cert').spec.issuerRef = { kind: 'Issuer', name: 'nope' };
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/Issuer istio-system\/nope \(issuerRef\) is not in the app/);
    byKind(docs, 'Certificate', 'example-cert').spec.issuerRef = { kind: 'Issuer', name: 'example-issuer' };
    byKind(docs, 'Issuer', 'example-issuer').spec = { selfSigned: {} };
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/is not an ACME issuer/);
  });

  test('an Issuer in another namespace than the Certificate is not used', () => {
    const docs = seed000();
    byKind(docs, 'Issuer', 'example-issuer').metadata.namespace = 'example-ns';
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/Issuer istio-system\/example-issuer \(issuerRef\) is not in the app/);
  });

  test('no Certificate for the host', () => {
    expect(traceHttp01(seed000(), { host: 'other.example.com' })).toEqual({ reachesSolver: false, hops: [], reason: 'no Certificate lists other.example.com in dnsNames or commonName' });
  });

  test('a podTemplate overriding a reserved solver label is reported', () => {
    const docs = seed000();
    byKind(docs, 'Issuer', 'example-issuer').spec.acme.solvers[0].http01.ingress.podTemplate.metadata.labels['acme.cert-manager.io/http01-solver'] = 'false';
    expect(traceHttp01(docs, { host: 'example.com' }).reason).toMatch(/sets reserved label\(s\) acme.cert-manager.io\/http01-solver/);
  });

  describe('selectSolver (cert-manager precedence)', () => {
    const names = (n: string[]) => ({ http01: {}, selector: { dnsNames: n } });
    const zones = (z: string[]) => ({ dns01: {}, selector: { dnsZones: z } });
    const labels = (l: Record<string, string>) => ({ http01: {}, selector: { matchLabels: l } });
    const any = { http01: {} };
    const pick = (solvers: any[], name: string, certLabels: Record<string, string> = {}, offered = ['http-01', 'dns-01']) => selectSolver(solvers, name, certLabels, offered)?.index;

    test('dnsNames beat dnsZones beat matchLabels, whatever the order', () => {
      expect(pick([zones(['example.com']), labels({ a: 'b' }), names(['x.example.com'])], 'x.example.com', { a: 'b' })).toBe(2);
      expect(pick([labels({ a: 'b' }), zones(['example.com'])], 'x.example.com', { a: 'b' })).toBe(1);
    });
    test('the longest matching dnsZone wins; a zone must match whole labels', () => {
      expect(pick([zones(['example.com']), zones(['apps.example.com'])], 'x.apps.example.com')).toBe(1);
      expect(pick([zones(['ample.com'])], 'x.example.com')).toBeUndefined();
    });
    test('more matching labels win; all listed labels must match', () => {
      expect(pick([labels({ a: 'b' }), labels({ a: 'b', c: 'd' })], 'x', { a: 'b', c: 'd' })).toBe(1);
      expect(pick([labels({ a: 'b', c: 'x' })], 'x', { a: 'b' })).toBeUndefined();
    });
    test('a selector-less solver is taken only if nothing was picked before, and any selector match replaces it', () => {
      expect(pick([any, zones(['example.com'])], 'x.example.com')).toBe(1);
      expect(pick([zones(['example.com']), any], 'x.example.com')).toBe(0);
      expect(pick([any, { http01: {} }], 'x.example.com')).toBe(0);
    });
    test('equal weight: the first in the list wins', () => {
      expect(pick([names(['x']), names(['x', 'y'])], 'x')).toBe(0);
    });
    test('only solvers of an offered challenge type; wildcard lookups use "*." and exact dnsNames', () => {
      expect(pick([names(['*.example.com']), zones(['example.com'])], '*.example.com', {}, ['dns-01'])).toBe(1);
      expect(pick([names(['X.example.com'])], 'x.example.com')).toBeUndefined();
    });
  });
});

describe('helpers and independence', () => {
  test('hostMatches is wildcard-aware', () => {
    expect(hostMatches('*', 'a.b')).toBe(true);
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('Example.com', 'example.COM')).toBe(true);
  });

  test('adler32 is zlib\'s (the solver pod label hash)', () => {
    expect(adler32('Wikipedia')).toBe(0x11e60398);
    expect(adler32('')).toBe(1);
  });

  test('the tracer does not import the library', () => {
    const src = fs.readFileSync(path.join(__dirname, 'acme-trace.ts'), 'utf8');
    expect(src).not.toMatch(/(from|require\()\s*['"][^'"]*\/src\//);
    expect(src).not.toMatch(/import .* from ['"](?!\.\/)/); // no imports at all besides local ones
  });
});
