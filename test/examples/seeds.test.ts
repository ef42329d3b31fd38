// Issue #12 point 5: each reference document (shared/seeds/000..004) as an example that names
// every object as the document does, compared field by field with the document's YAML. The
// expected objects are kept here as the documents show them; fields today's upstream rejects
// or replaces are marked `outdated`, fields the library renders beyond the document `added`,
// each with the reason (test/util/seed-compare.ts reports anything unmarked, and stale marks).
import * as path from 'path';
import * as YAML from 'yaml';
import { buildTarget, documents, ROOT } from '../util/render';
import { differences, Marks } from '../util/seed-compare';
import { validateManifests } from '../util/schema';

/** The rendered documents of an example, per output folder. */
function render(name: string): Map<string, any[]> {
  const { outdir, apps } = buildTarget({ name: `examples/${name}`, module: path.join(ROOT, 'examples', name, 'main.ts'), outdir: path.join('examples', name, 'dist') });
  for (const app of apps) app.synth();
  const folders = new Map<string, any[]>();
  for (const { file, doc } of documents(outdir)) {
    const folder = file.split(path.sep)[0];
    folders.set(folder, [...(folders.get(folder) ?? []), doc]);
  }
  return folders;
}

/** The one rendered object of the document object's kind and name, in its namespace (or `namespace` where the example differs, explained there). */
function counterpart(docs: any[], expected: any, namespace?: string): any {
  // '' for a cluster-scoped object the document gives a namespace anyway
  const ns = namespace === undefined ? expected.metadata.namespace : namespace || undefined;
  const found = docs.filter((d) => d.kind === expected.kind && d.metadata.name === expected.metadata.name && d.metadata.namespace === ns);
  expect({ kind: expected.kind, name: expected.metadata.name, namespace: ns, found: found.length }).toEqual({ kind: expected.kind, name: expected.metadata.name, namespace: ns, found: 1 });
  return found[0];
}

/** Argo CD annotations every object of a GitOps folder gets (docs/gitops.md). */
const GITOPS: Marks = {
  'metadata.annotations.argocd.argoproj.io/sync-wave': 'sync waves: what waits for what (SyncWaves)',
  'metadata.annotations.argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource for custom resources whose CRDs another Application installs',
};

describe('seed 000 (cert-manager\'s Istio page) — examples/seed-000-istio-http01', () => {
  const folders = render('seed-000-istio-http01');
  const docs = folders.get('istio-api')!;

  // the page's YAML, as written
  const page = YAML.parseAllDocuments(`
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: example-gateway
  namespace: example-ns
spec:
  selector:
    istio: ingressgateway # use istio default controller
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - example.com
    tls:
      httpsRedirect: true # https redirect is enabled
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - example.com
    tls:
      credentialName: example-cert-secret
      mode: SIMPLE
      privateKey: sds
      serverCertificate: sds
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: example-issuer
  namespace: istio-system
spec:
  acme:
    server: https://acme-staging-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: example-issuer-account-key
    solvers:
    - http01:
        istio:
          gateways:
          - example-ns/example-gateway
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: example-cert
  namespace: istio-system
  annotations:
    "cert-manager.io/issue-temporary-certificate": "true"
spec:
  secretName: example-cert-secret
  dnsNames:
  - example.com
  issuerRef:
    kind: Issuer
    name: example-issuer
`).map((d) => d.toJSON());

  test('every object of the page by its own name, field by field', () => {
    const [gateway, issuer, certificate] = page;
    expect(differences(gateway, counterpart(docs, gateway), {
      outdated: {
        'apiVersion': 'networking.istio.io/v1alpha3 is served as v1 since Istio 1.22 (same schema)',
        'spec.servers[1].tls.privateKey': 'file-based certificate settings; Istio allows one certificate source per server and credentialName is the one (SDS)',
        'spec.servers[1].tls.serverCertificate': 'same as privateKey',
      },
      added: {
        ...GITOPS,
        'apiVersion': 'networking.istio.io/v1',
        'spec.servers[1].tls.minProtocolVersion': 'TLS 1.2 minimum (the pattern\'s default tls)',
      },
    })).toEqual([]);
    expect(differences(issuer, counterpart(docs, issuer), {
      outdated: { 'spec.acme.solvers[0].http01.istio': 'cert-manager\'s http01.istio solver was reverted before any release (PR #3724, #3988); the API server prunes the key' },
      added: {
        ...GITOPS,
        'spec.acme.solvers[0].http01.ingress': 'the pattern\'s solver: an inert Ingress class, the challenge routed by the VirtualService to the solver pod (docs/https-redirect.md)',
        'spec.acme.solvers[0].selector': 'selected by the label on the pattern\'s Certificates',
      },
    })).toEqual([]);
    expect(differences(certificate, counterpart(docs, certificate), {
      added: {
        ...GITOPS,
        'metadata.labels.acme.cdk8s-istio-tls.io/http01-route': 'selects the issuer\'s solver for this way of routing challenges',
        'spec.issuerRef.group': 'cert-manager.io, explicit',
        'spec.privateKey': 'ECDSA P-256, rotated on every renewal (the pattern\'s default key)',
      },
    })).toEqual([]);
  });

  test('the objects the page does not show are named after its Gateway; the site has no backend, as on the page', () => {
    expect(docs.filter((d) => !page.some((p) => p.kind === d.kind && p.metadata.name === d.metadata.name)).map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'VirtualService example-ns/example-gateway',
      'Service istio-system/acme-http01-example-com',
    ]);
    const vs = docs.find((d) => d.kind === 'VirtualService');
    expect(vs.spec.http.map((r: any) => r.name)).toEqual(['acme-http01-example.com']);
    expect(validateManifests(docs)).toEqual([]);
  });

  test('Gateway API folder: the page\'s Certificate and Issuer names, the Gateway named as the page\'s', () => {
    const gw = folders.get('gateway-api')!;
    expect(gw.filter((d) => ['Gateway', 'Certificate', 'Issuer'].includes(d.kind)).map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'Certificate example-ns/example-cert', 'Gateway example-ns/example-gateway', 'Issuer example-ns/example-issuer',
    ]);
    expect(gw.find((d) => d.kind === 'Certificate').spec.secretName).toBe('example-cert-secret');
  });
});

describe('seed 001 (Route53 DNS-01 post) — examples/seed-001-route53-wildcard', () => {
  const docs = render('seed-001-route53-wildcard').get('ingress')!;

  // the post's YAML (certmanager.k8s.io/v1alpha1, Istio 0.8), as written
  const [issuer, certificate, gateway] = YAML.parseAllDocuments(`
apiVersion: certmanager.k8s.io/v1alpha1
kind: ClusterIssuer
metadata:
  name: letsencrypt-prod
  namespace: cert-manager
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: me@ici.com
    privateKeySecretRef:
      name: letsencrypt-prod
    dns01:
      providers:
        - name: aws-dns-prod
          route53:
            region: ca-central-1
            accessKeyID: <your access key from AWS>
            secretAccessKeySecretRef:
              name: prod-route53-credentials-secret
              key: secret-access-key
---
apiVersion: certmanager.k8s.io/v1alpha1
kind: Certificate
metadata:
  name: domain-ingress-certs
  namespace: istio-system
spec:
  acme:
    config:
    - dns01:
        provider: aws-dns-prod
      domains:
      - my.domain.com
      - subnet.domain.com
      - www.otherdomain.com
  commonName: my.domain.com
  dnsNames:
  - my.domain.com
  - subnet.domain.com
  - www.otherdomain.com
  issuerRef:
    kind: ClusterIssuer
    name: letsencrypt-prod
  secretName: istio-ingressgateway-certs
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: web-gateway
  namespace: test
spec:
  selector:
    istio: ingressgateway
  servers:
  - hosts:
    - my.domain.com
    port:
      name: http
      number: 80
      protocol: HTTP
  - hosts:
    - my.domain.com
    - my.domain.com:443
    - subnet.domain.com
    - subnet.domain.com:443
    port:
      name: https
      number: 443
      protocol: HTTPS
    tls:
      mode: SIMPLE
      privateKey: /etc/istio/ingressgateway-certs/tls.key
      serverCertificate: /etc/istio/ingressgateway-certs/tls.crt
`).map((d) => d.toJSON());
  const V1 = 'certmanager.k8s.io/v1alpha1 was replaced by cert-manager.io/v1 (cert-manager 0.11; v1alpha1 is no longer served)';

  test('the ClusterIssuer letsencrypt-prod, field by field', () => {
    expect(differences(issuer, counterpart(docs, issuer, ''), {
      outdated: {
        'apiVersion': V1,
        'metadata.namespace': 'a ClusterIssuer is cluster-scoped: the API server drops the namespace',
        'spec.acme.dns01': 'v1 has no acme.dns01.providers: each provider is a solver (spec.acme.solvers[].dns01)',
      },
      added: {
        ...GITOPS,
        'apiVersion': 'cert-manager.io/v1',
        'spec.acme.solvers[0].dns01.route53': 'the post\'s aws-dns-prod provider as a solver (region, access key ID, Secret reference as in the post; the key ID placeholder replaced by AWS\'s documented example ID)',
        'spec.acme.solvers[0].selector': 'selected by the label on the certificates of its zone (v1 selects solvers; v1alpha1 named the provider on the Certificate)',
      },
    })).toEqual([]);
  });

  test('the Certificate domain-ingress-certs, field by field', () => {
    expect(differences(certificate, counterpart(docs, certificate), {
      outdated: {
        'apiVersion': V1,
        'spec.acme': 'v1 Certificates have no acme.config: the issuer\'s solver selector chooses the provider',
        'spec.commonName': 'dropped: clients use the DNS names (and the common name would have to be one of them)',
        'spec.dnsNames': 'the example\'s choice, not upstream\'s: *.domain.com covers my. and subnet.domain.com (README.md)',
      },
      added: {
        ...GITOPS,
        'apiVersion': 'cert-manager.io/v1',
        'spec.dnsNames': '*.domain.com, www.otherdomain.com',
        'metadata.labels.acme.cdk8s-istio-tls.io/dns01-solver': 'selects the Route53 solver',
        'spec.issuerRef.group': 'cert-manager.io, explicit',
        'spec.privateKey': 'ECDSA P-256, rotated on every renewal (WildcardCertificate\'s default key)',
      },
    })).toEqual([]);
  });

  test('the Gateway web-gateway, field by field', () => {
    expect(differences(gateway, counterpart(docs, gateway), {
      outdated: {
        'apiVersion': 'networking.istio.io/v1alpha3 is served as v1 since Istio 1.22 (same schema)',
        'spec.servers[1].hosts': 'my.domain.com:443 and subnet.domain.com:443 dropped: Istio rejects a port in Gateway hosts (the port is the server\'s)',
        'spec.servers[1].port.name': 'the server is split per certificate host set with unique names (https-mydomain, https-otherdomain; README.md)',
        'spec.servers[1].tls.privateKey': 'mounted files were removed with the ingressgateway-certs volume; credentialName (SDS) reads the Secret and reloads it on renewal',
        'spec.servers[1].tls.serverCertificate': 'same as privateKey',
      },
      added: {
        ...GITOPS,
        'apiVersion': 'networking.istio.io/v1',
        'spec.servers[1].hosts': 'my.domain.com, subnet.domain.com',
        'spec.servers[1].port.name': 'https-mydomain',
        'spec.servers[1].tls.credentialName': 'the certificate\'s Secret istio-ingressgateway-certs',
        'spec.servers[1].tls.minProtocolVersion': 'TLS 1.2 minimum',
        'spec.servers[2]': 'the update\'s gateway-otherdomain server (https-otherdomain) on the same Gateway: two Gateways sharing one certificate on the same pods trigger IST0138 (README.md)',
      },
    })).toEqual([]);
  });
});

describe('seed 002 (multi-cluster gateways) — examples/seed-002-multi-cluster', () => {
  const folders = render('seed-002-multi-cluster');

  // the document's YAML lost its indentation; restored here as its text describes it
  const [certificate, gatewayOperator] = YAML.parseAllDocuments(`
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: istio-ingress-gateway-cert
  namespace: istio-system
spec:
  secretName: istio-ingressgateway-certs
  dnsNames:
  - istio-ingressgateway.cluster-a.example.com # Your gateway's external DNS
  issuerRef:
    name: letsencrypt-staging-cluster-b # Reference the issuer in cluster-b
    kind: ClusterIssuer
    group: cert-manager.io
---
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        env:
        - name: PILOT_CERT_PROVIDER
          value: "istiod"
`).map((d) => d.toJSON());

  test('the gateway Certificate of each cluster by its own name, field by field', () => {
    for (const cluster of ['cluster-a', 'cluster-b']) {
      const doc = { ...certificate, spec: { ...certificate.spec, dnsNames: [`istio-ingressgateway.${cluster}.example.com`] } };
      expect(differences(doc, counterpart(folders.get(cluster)!, doc), {
        outdated: {
          'spec.issuerRef.name': 'an issuer of another cluster: cert-manager resolves issuerRef in the Certificate\'s own cluster (refused at synth, test/patterns/mesh-ca-multi-cluster.test.ts); the shared root\'s issuer mesh-root-ca exists in every cluster',
        },
        added: {
          ...GITOPS,
          'spec.issuerRef.name': 'mesh-root-ca',
          'spec.privateKey': 'ECDSA P-256, rotated on every renewal',
          'spec.usages': 'server and client auth: the gateways authenticate each other (MUTUAL TLS)',
        },
      })).toEqual([]);
    }
  });

  test('the IstioOperator\'s ingressGateways[istio-ingressgateway] is the gateway chart in each cluster, same name, pods istio: ingressgateway', () => {
    const [component] = gatewayOperator.spec.components.ingressGateways;
    const apps = folders.get('argocd')!.filter((d) => d.kind === 'Application' && d.spec.source.chart === 'gateway');
    expect(apps.map((a) => [a.spec.destination.name, a.spec.destination.namespace, a.spec.source.helm.releaseName])).toEqual([
      ['cluster-a', 'istio-system', component.name],
      ['cluster-b', 'istio-system', component.name],
    ]);
    // enabled: true — installed; k8s.env PILOT_CERT_PROVIDER=istiod — Istio's default (istiod
    // values.yaml global.pilotCertProvider: istiod), so not rendered
    expect(component.k8s.env).toEqual([{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' }]);
    for (const a of apps) expect(a.spec.source.helm.valuesObject.env).toBeUndefined();
    // after that cluster's istiod, which injects the gateway
    for (const a of apps) {
      const istiod = folders.get('argocd')!.find((d) => d.kind === 'Application' && d.spec.source.chart === 'istiod' && d.spec.destination.name === a.spec.destination.name);
      expect(Number(a.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBe(Number(istiod.metadata.annotations['argocd.argoproj.io/sync-wave']) + 1);
    }
    // the Gateway of each cluster selects its pods (app: istio-ingressgateway, istio: ingressgateway)
    for (const cluster of ['cluster-a', 'cluster-b']) {
      expect(folders.get(cluster)!.find((d) => d.kind === 'Gateway').spec.selector).toEqual({ istio: 'ingressgateway' });
    }
  });
});

describe('seed 003 (the cert-manager + Istio guide) — examples/seed-003-cert-manager-istio-guide', () => {
  const docs = render('seed-003-cert-manager-istio-guide').get('staging')!;

  // the guide's YAML, as written (comments dropped)
  const [issuer, certificate, gateway, routes] = YAML.parseAllDocuments(`
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt-staging
spec:
  acme:
    server: https://acme-staging-v02.api.letsencrypt.org/directory
    email: your-email@example.com
    privateKeySecretRef:
      name: letsencrypt-staging-account-key
    solvers:
      - http01:
          gatewayHTTPRoute:
            parentRefs:
              - name: istio-gateway
                namespace: istio-system
                kind: Gateway
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: gateway-certificate
  namespace: istio-system
spec:
  secretName: gateway-tls-secret
  duration: 2160h
  renewBefore: 720h
  subject:
    organizations:
      - "My Organization"
  privateKey:
    algorithm: RSA
    size: 2048
    encoding: PKCS1
    rotationPolicy: Always
  usages:
    - server auth
    - client auth
  dnsNames:
    - "app.example.com"
    - "api.example.com"
    - "www.example.com"
  issuerRef:
    name: letsencrypt-staging
    kind: ClusterIssuer
    group: cert-manager.io
---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: istio-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 443
        name: https
        protocol: HTTPS
      tls:
        mode: SIMPLE
        credentialName: gateway-tls-secret
        minProtocolVersion: TLSV1_2
        cipherSuites:
          - ECDHE-RSA-AES256-GCM-SHA384
          - ECDHE-RSA-AES128-GCM-SHA256
      hosts:
        - "app.example.com"
        - "api.example.com"
        - "www.example.com"
    - port:
        number: 80
        name: http
        protocol: HTTP
      tls:
        httpsRedirect: true
      hosts:
        - "app.example.com"
        - "api.example.com"
        - "www.example.com"
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: app-routes
  namespace: default
spec:
  hosts:
    - "app.example.com"
  gateways:
    - istio-system/istio-gateway
  http:
    - match:
        - uri:
            prefix: /api
      route:
        - destination:
            host: api-service
            port:
              number: 8080
    - route:
        - destination:
            host: frontend-service
            port:
              number: 80
`).map((d) => d.toJSON());

  test('the staging ClusterIssuer, field by field', () => {
    expect(differences(issuer, counterpart(docs, issuer), {
      outdated: {
        'spec.acme.email': 'Let\'s Encrypt refuses contact addresses at example.com (Boulder\'s policy); the example uses a placeholder of another domain',
        'spec.acme.solvers[0].http01.gatewayHTTPRoute': 'its parentRefs name a Gateway API Gateway istio-gateway, but the guide\'s gateway is a networking.istio.io Gateway: the challenge route would attach to nothing',
      },
      added: {
        ...GITOPS,
        'spec.acme.email': 'your-email@your-domain.com',
        'spec.acme.solvers[0].http01.ingress': 'the pattern\'s solver, the challenge routed by the VirtualService (docs/https-redirect.md)',
        'spec.acme.solvers[0].selector': 'selected by the label on the pattern\'s Certificates',
      },
    })).toEqual([]);
  });

  test('the Certificate gateway-certificate, field by field', () => {
    expect(differences(certificate, counterpart(docs, certificate), {
      outdated: {
        'spec.duration': 'not sent to Let\'s Encrypt (it picks the lifetime; the library warns about a duration the ACME server is not sent)',
        'spec.renewBefore': 'left to cert-manager\'s default (renewal when a third of the lifetime Let\'s Encrypt picks is left); the pattern takes renewBefore when wanted',
        'spec.subject': 'Let\'s Encrypt puts no organization into certificates: only names it validated',
        'spec.privateKey.encoding': 'PKCS1 is cert-manager\'s default encoding',
        'spec.usages': 'Let\'s Encrypt no longer issues client-auth certificates; cert-manager\'s default (digital signature, key encipherment, server auth) serves HTTPS',
      },
      added: {
        ...GITOPS,
        'metadata.annotations.cert-manager.io/issue-temporary-certificate': 'HTTPS answers before the first issuance (the redirect sends the challenge there)',
        'metadata.labels.acme.cdk8s-istio-tls.io/http01-route': 'selects the issuer\'s solver for this way of routing challenges',
      },
    })).toEqual([]);
  });

  test('the Gateway istio-gateway, field by field (servers compared by port: their order means nothing to Istio)', () => {
    const byPort = (g: any) => ({ ...g, spec: { ...g.spec, servers: [...g.spec.servers].sort((a: any, b: any) => a.port.number - b.port.number) } });
    expect(differences(byPort(gateway), byPort(counterpart(docs, gateway)), {
      outdated: { apiVersion: 'networking.istio.io/v1beta1 is served as v1 since Istio 1.22 (same schema)' },
      added: { ...GITOPS, apiVersion: 'networking.istio.io/v1' },
    })).toEqual([]);
  });

  test('the VirtualService app-routes: the guide\'s routes for app.example.com, in the gateway\'s namespace with the challenge rules and the other hosts\' backends', () => {
    const vs = counterpart(docs, routes, 'istio-system');
    expect(vs.spec.gateways).toEqual(routes.spec.gateways);
    const appRules = vs.spec.http.filter((r: any) => r.match?.some((m: any) => m.authority?.exact === 'app.example.com') && !r.name?.startsWith('acme-http01'));
    // /api → api-service:8080 (the prefix as whole segments: /api and /api/...), the rest → frontend-service:80
    expect(appRules.map((r: any) => [r.match.map((m: any) => Object.entries(m.uri)[0].join(' ')).filter((u: string, i: number, a: string[]) => a.indexOf(u) === i), r.route[0].destination.host, r.route[0].destination.port.number])).toEqual([
      [['exact /api', 'prefix /api/'], 'api-service.default.svc.cluster.local', routes.spec.http[0].route[0].destination.port.number],
      [['prefix /'], 'frontend-service.default.svc.cluster.local', routes.spec.http[1].route[0].destination.port.number],
    ]);
    expect(validateManifests(docs)).toEqual([]);
  });
});

describe('seed 004 (istio-csr) — examples/seed-004-istio-csr', () => {
  const folders = render('seed-004-istio-csr');
  const docs = folders.get('mesh')!;

  const [gatewayCert, autoRenew, gateway] = YAML.parseAllDocuments(`
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: istio-gateway-cert
  namespace: istio-system
spec:
  secretName: istio-gateway-tls
  duration: 2160h
  renewBefore: 720h
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
  commonName: gateway.example.com
  dnsNames:
  - gateway.example.com
  - "*.example.com"
  privateKey:
    algorithm: RSA
    size: 2048
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: gateway-auto-renew
  namespace: istio-system
spec:
  secretName: gateway-auto-renew-tls
  duration: 2160h # 90 days
  renewBefore: 720h # 30 days before expiration
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
  dnsNames:
  - api.example.com
  - app.example.com
  privateKey:
    rotationPolicy: Always
    algorithm: RSA
    size: 2048
---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: external-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    tls:
      mode: SIMPLE
      credentialName: istio-gateway-tls
    hosts:
    - "*.example.com"
`).map((d) => d.toJSON());

  const certificateMarks = {
    outdated: {
      'spec.duration': 'not sent to Let\'s Encrypt, which picks the lifetime (90 days); the library warns about a duration the ACME server is not sent',
      'spec.renewBefore': 'written as cert-manager normalises a Go duration (720h0m0s)',
    },
    added: {
      ...GITOPS,
      'spec.renewBefore': '720h0m0s',
      'spec.issuerRef.group': 'cert-manager.io, explicit',
      'spec.privateKey.rotationPolicy': 'Always, cert-manager\'s default since v1.18, written out',
    },
  };

  test('the gateway Certificates by their own names, field by field', () => {
    expect(differences(gatewayCert, counterpart(docs, gatewayCert), certificateMarks)).toEqual([]);
    expect(differences(autoRenew, counterpart(docs, autoRenew), {
      ...certificateMarks,
      added: Object.fromEntries(Object.entries(certificateMarks.added).filter(([k]) => k !== 'spec.privateKey.rotationPolicy')),
    })).toEqual([]);
  });

  test('the Gateway external-gateway, field by field; the gateway it selects is installed (IstioGatewayApplication, pods istio: ingressgateway)', () => {
    expect(differences(gateway, counterpart(docs, gateway), {
      outdated: { apiVersion: 'networking.istio.io/v1beta1 is served as v1 since Istio 1.22 (same schema)' },
      added: { ...GITOPS, 'apiVersion': 'networking.istio.io/v1', 'spec.servers[0].tls.minProtocolVersion': 'TLS 1.2 minimum (GatewayTls.simple default)' },
    })).toEqual([]);
    const app = docs.find((d) => d.kind === 'Application' && d.spec.source.chart === 'gateway');
    expect([app.metadata.name, app.spec.destination.namespace, app.spec.source.helm.releaseName]).toEqual(['istio-ingressgateway', 'istio-system', 'istio-ingressgateway']);
  });

  test('the seed\'s istioctl install flags are the istiod values of its MeshCa (EXTERNAL_CA replaced, the demo profile not mapped)', () => {
    // istioctl install --set profile=demo --set values.global.caAddress=... --set values.pilot.env.EXTERNAL_CA=ISTIOD_RA_KUBERNETES_API
    const flags = { 'values.global.caAddress': 'cert-manager-istio-csr.cert-manager.svc:443', 'values.pilot.env.EXTERNAL_CA': 'ISTIOD_RA_KUBERNETES_API' };
    const istiod = docs.find((d) => d.kind === 'Application' && d.spec.source.chart === 'istiod').spec.source.helm.valuesObject;
    expect(istiod.global.caAddress).toBe(flags['values.global.caAddress']);
    // istiod as a registration authority for the Kubernetes CSR API is not what istio-csr serves:
    // the built-in CA is turned off instead, as istio-csr's documentation installs istiod
    expect(istiod.pilot.env).toEqual({ ENABLE_CA_SERVER: 'false' });
    expect(istiod.pilot.env.EXTERNAL_CA).toBeUndefined();
    expect(istiod.profile).toBeUndefined();
  });
});

describe('the comparison itself', () => {
  test('reports a changed value, a missing field, an unexplained rendered field and stale marks', () => {
    const doc = { spec: { a: 1, b: ['x'], gone: true } };
    const rendered = { spec: { a: 2, b: ['x'], extra: 'y' } };
    expect(differences(doc, rendered, { outdated: { 'spec.nothere': 'r' }, added: { 'spec.never': 'r' } })).toEqual([
      'spec.a: document 1, rendered 2',
      'missing spec.gone: true',
      'unexplained spec.extra: "y"',
      'stale outdated mark spec.nothere',
      'stale added mark spec.never',
    ]);
  });
});
