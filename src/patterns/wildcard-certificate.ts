import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolver } from '../cert-manager/acme-solver';
import { Dns01Provider } from '../cert-manager/dns01-provider';
import { Certificate, PrivateKeyAlgorithm } from '../cert-manager/certificate';
import { LetsEncryptEnvironment } from '../cert-manager/issuer-config';
import { ICertificate, IIssuer } from '../cert-manager/references';
import { declareToModel } from '../core/declare';
import { Gateway, GatewayListener, ListenerProtocol, ListenerTls } from '../gateway-api/gateway';
import * as istio from '../istio/gateway';
import { GatewayProtocol, GatewayServer } from '../istio/gateway-server';
import { GatewayTls } from '../istio/gateway-tls';
import { selectorsOverlap } from '../istio/workload-selectors';
import { receive } from '../private/factory';
import { dnsNameCovers } from '../private/hostnames';
import { kebabName } from '../private/names';
import { fail } from '../validation/error';
import { checkCipherSuitesForKey } from './private/ciphers';
import { checkSelectedSolvers } from './private/wildcard-checks';
import { addWildcardSolvers, dns01Label, checkWildcardIssuer, resolveWildcardNames } from './private/wildcard-input';
import { WildcardCertificateProps, WildcardIstioServerOptions, WildcardListenerOptions } from './wildcard-certificate-options';

export * from './wildcard-certificate-options';

/**
 * A wildcard certificate `*.<zone>` (apex optional) from an ACME issuer over DNS-01 (the only
 * challenge public CAs offer for wildcards), to be shared by many HTTPS servers.
 *
 * The Certificate goes into the gateway workload namespace. Serve it with `addIstioServer()`
 * (one server of one istio.Gateway per workload holds every host using it: browsers reuse an
 * HTTP/2 connection for every host the certificate covers, and Istio answers 404 for a host of
 * another server or of another Gateway with overlapping selector, IST0138) or `addGatewayApiListener()` (each Gateway API Gateway gets its own Istio
 * deployment, so several may share it; a ReferenceGrant is added when the Gateway is in another
 * namespace).
 *
 * Checked at synth (besides the Certificate's own checks, e.g. that a DNS-01 solver is selected
 * for every wildcard name): with a given `dns01`, the issuer selects the pattern's solver for
 * the names (a warning names the solver that wins otherwise; the pattern's own check).
 *
 * @example
 * const letsEncrypt = new certManager.ClusterIssuer(chart, 'LetsEncrypt', {
 *   metadata: { name: 'letsencrypt-staging' },
 *   config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.STAGING }),
 * });
 * const wildcard = new patterns.WildcardCertificate(chart, 'Apps', {
 *   metadata: { namespace: 'istio-system' },
 *   zone: 'apps.example.com',
 *   issuer: patterns.AcmeIssuerChoice.fromIssuer(letsEncrypt),
 *   dns01: certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }),
 * });
 * // one HTTPS server for every *.apps.example.com host
 * wildcard.addIstioServer(new istio.Gateway(chart, 'AppsGateway', { metadata: { namespace: 'istio-system' } }));
 */
export class WildcardCertificate extends Construct implements ICertificate {
  /**
   * Add to `issuer` the DNS-01 solver every WildcardCertificate with these provider settings
   * uses (selected by the label they put on their Certificates). Certificates add it on first
   * use; calling this where the issuer is defined keeps that folder unchanged when the first
   * wildcard site is added elsewhere.
   *
   * @param issuer an ACME Issuer or ClusterIssuer of the app
   * @param dns01 the DNS-01 provider the wildcard certificates use
   */
  public static prepareIssuer(issuer: IIssuer, dns01: Dns01Provider): void {
    addWildcardSolvers(issuer as unknown as Construct, issuer, receive(issuer as unknown as Construct, 'dns01', dns01));
  }

  /** The Certificate. */
  public readonly certificate: Certificate;
  /** Name of the Secret cert-manager writes. */
  public readonly secretName: string;
  /** Namespace of the Certificate and its Secret (the gateway workload namespace). */
  public readonly namespace: string;
  /** The names: `*.<zone>`, the apex if asked for, then the additional names. */
  public readonly dnsNames: string[];
  /** The zone. */
  public readonly zone: string;
  /** The issuer. */
  public readonly issuer?: IIssuer;
  /** The Let's Encrypt environment when the issuer is a Let's Encrypt issuer. */
  public readonly environment?: LetsEncryptEnvironment;
  /** The DNS-01 solvers the pattern added to the issuer (empty without `dns01`). */
  public readonly solvers: AcmeSolver[];

  private readonly istioGateways: istio.Gateway[] = [];
  private readonly keyAlgorithm?: PrivateKeyAlgorithm;

  public constructor(scope: Construct, id: string, props: WildcardCertificateProps) {
    super(scope, id);
    const p = props ?? ({} as WildcardCertificateProps);
    if (typeof p !== 'object') fail(this, 'props', p, 'props are required', 'pass { zone, issuer, dns01 }');
    this.dnsNames = resolveWildcardNames(this, p);
    this.zone = p.zone;
    const name = p.metadata?.name ?? kebabName(id);
    const namespace = p.metadata?.namespace ?? Chart.of(this).namespace ?? 'default';

    const { choice, dns01 } = checkWildcardIssuer(this, p, this.dnsNames);
    const issuer = choice._resolve(this, name, namespace, p.metadata?.labels);
    this.issuer = issuer;
    this.environment = Object.values(LetsEncryptEnvironment).find((e) => e === issuer.acmeServer);
    this.solvers = addWildcardSolvers(this, issuer, dns01);

    this.certificate = new Certificate(this, 'Certificate', {
      // the label selects the issuer's DNS-01 solver for this provider (private/wildcard-input.ts)
      metadata: { ...p.metadata, name, namespace, labels: { ...p.metadata?.labels, ...(dns01 ? Object.fromEntries([dns01Label(dns01)]) : {}) } },
      issuer,
      dnsNames: this.dnsNames,
      secretName: p.secretName,
      privateKey: p.privateKey,
      renewBefore: p.renewBefore,
    });
    this.keyAlgorithm = p.privateKey?.algorithm;
    this.secretName = this.certificate.secretName;
    this.namespace = this.certificate.namespace;

    // the issuer may get solvers after construction: which one it selects is known at synth
    if (this.solvers.length > 0) {
      declareToModel(this, { check: (model, report) => checkSelectedSolvers(model, report, this, this.certificate, issuer, this.solvers) });
    }
  }

  /**
   * Serve the certificate from an HTTPS server (port 443) of an Istio gateway. Every host of one
   * gateway workload that uses this certificate must be on the same istio.Gateway (IST0138),
   * and in one server: Istio gives every HTTPS server its own route table, so a browser
   * reusing an HTTP/2 connection opened for a host of another server with this certificate
   * would get 404. A second call for the same gateway therefore adds its hosts to the server
   * the first call created (`Gateway.addServerHosts()`); only a different `portName` or
   * different `tls` options make a separate server (warned about at synth).
   *
   * @returns the server as rendered
   */
  public addIstioServer(gateway: istio.Gateway, options: WildcardIstioServerOptions = {}): GatewayServer {
    const known = this.istioGateways.indexOf(gateway);
    const f = `istioGateways[${known >= 0 ? known : this.istioGateways.length}]`;
    if (!(gateway instanceof istio.Gateway)) fail(this, f, gateway, 'must be an istio.Gateway of this app', 'pass the istio.Gateway construct');
    const o = options ?? {};
    if (known < 0) {
      const clash = this.istioGateways.find((g) => g.workloadNamespace === gateway.workloadNamespace && selectorsOverlap(g.selector, gateway.selector));
      if (clash) {
        fail(this, f, gateway.qualifiedName,
          `gateway ${clash.qualifiedName} (${clash.node.path}) already serves this certificate to the same gateway pods: with one certificate on two Gateways, browsers reuse an HTTP/2 connection for a host of the other Gateway and get 404 (IST0138)`,
          `add the hosts to ${clash.qualifiedName} instead: addIstioServer() on it puts them in the server that already serves the certificate`);
      }
    }
    const hosts = o.hosts ?? this.dnsNames;
    if (!Array.isArray(hosts) || hosts.length === 0) fail(this, `${f}.hosts`, hosts, 'at least one host is required', 'list the hosts or leave hosts out to use the certificate\'s names');
    hosts.forEach((h, i) => {
      if (typeof h !== 'string' || !this.dnsNames.some((d) => dnsNameCovers(d, h))) {
        fail(this, `${f}.hosts[${i}]`, h, `is not covered by the certificate (dnsNames ${JSON.stringify(this.dnsNames)}): clients would get a name mismatch`,
          'use names covered by the certificate (a wildcard covers exactly one label) or add them to additionalDnsNames');
      }
    });
    checkCipherSuitesForKey(this, `${f}.tls.cipherSuites`, o.tls?.cipherSuites, this.keyAlgorithm, o.tls?.minProtocolVersion);
    const tls = receive(this, `${f}.tls`, GatewayTls.simple(this.certificate, o.tls ?? {}));
    const shared = gateway.servers.find((s) => s.port === 443 && s.protocol === GatewayProtocol.HTTPS && s.certificate === this.certificate
      && (o.portName === undefined || o.portName === s.portName) && sameTls(s.tls, tls));
    const server = shared
      ? gateway.addServerHosts(shared.portName, [...hosts])
      : gateway.addHttpsServer({ hosts: [...hosts], portName: o.portName, tls });
    if (known < 0) this.istioGateways.push(gateway);
    return server;
  }

  /**
   * Serve the certificate from an HTTPS listener of a Gateway API Gateway (a ReferenceGrant is
   * added by the Gateway when it is in another namespace than the certificate).
   *
   * @returns the listener as rendered
   */
  public addGatewayApiListener(gateway: Gateway, options: WildcardListenerOptions = {}): GatewayListener {
    if (!(gateway instanceof Gateway)) fail(this, 'gateway', gateway, 'must be a Gateway API Gateway of this app', 'pass the Gateway construct');
    const o = options ?? {};
    const allowedRoutes = receive(this, 'allowedRoutes', o.allowedRoutes);
    if (o.hostname !== undefined && (typeof o.hostname !== 'string' || !this.dnsNames.some((d) => d === o.hostname || dnsNameCovers(d, o.hostname!)))) {
      fail(this, 'hostname', o.hostname, `is not covered by the certificate (dnsNames ${JSON.stringify(this.dnsNames)}): clients would get a name mismatch`,
        'use a hostname the certificate covers, e.g. the wildcard itself');
    }
    return gateway.addListener({
      name: o.name ?? 'https',
      protocol: ListenerProtocol.HTTPS,
      port: o.port ?? 443,
      hostname: o.hostname,
      tls: receive(this, 'certificate', ListenerTls.terminate(this.certificate)),
      allowedRoutes,
    });
  }
}

/** Whether two servers' TLS settings render the same (so their hosts can share one server). */
function sameTls(a: GatewayTls | undefined, b: GatewayTls): boolean {
  return a !== undefined && JSON.stringify(a._toKube()) === JSON.stringify(b._toKube());
}
