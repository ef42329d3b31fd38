import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeChallengeType, AcmeSolver } from '../cert-manager/acme-solver';
import { Certificate, CertificatePrivateKey, PrivateKeyAlgorithm } from '../cert-manager/certificate';
import { Dns01Provider } from '../cert-manager/dns01-provider';
import { LetsEncryptEnvironment } from '../cert-manager/issuer-config';
import { ICertificate, IIssuer, IssuerType } from '../cert-manager/references';
import { AllowedRoutes, Gateway, GatewayListener, ListenerProtocol, ListenerTls } from '../gateway-api/gateway';
import { IstioGateway } from '../istio/gateway';
import { GatewayServer } from '../istio/gateway-server';
import { GatewayTls } from '../istio/gateway-tls';
import { GatewayTlsOptions } from '../istio/tls-settings';
import { selectorsOverlap } from '../istio/workload-selectors';
import { dnsNameCovers, isWildcard } from '../private/hostnames';
import { checkDnsName, kebabName } from '../private/names';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { AcmeIssuerChoice } from './acme-issuer-choice';
import { checkCipherSuitesForKey } from './private/ciphers';
import { addPatternSolvers } from './private/solvers';

/** Properties of `WildcardCertificate`. */
export interface WildcardCertificateProps {
  /**
   * `name` of the Certificate (default: the kebab-cased construct id); `namespace`: the
   * namespace of the gateway pods that serve it (Istio reads `credentialName` Secrets there;
   * default: the chart's namespace, else `default`); labels and annotations.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** The DNS zone: the certificate covers `*.<zone>` (exactly one label below it). */
  readonly zone: string;
  /**
   * Also cover the zone apex itself (a wildcard does not).
   *
   * @default false
   */
  readonly includeApex?: boolean;
  /**
   * More names in the same certificate, e.g. names of other zones or deeper names
   * (`a.b.<zone>` is not covered by `*.<zone>`). Each is validated by the DNS-01 solver
   * selected for it.
   *
   * @default - none
   */
  readonly additionalDnsNames?: string[];
  /**
   * The ACME issuer: one the pattern creates (`AcmeIssuerChoice.letsEncrypt()`, needs
   * `dns01`) or an issuer of the app (`AcmeIssuerChoice.fromIssuer()`): an ACME issuer gets the
   * `dns01` solver when given, else must already have a DNS-01 solver selected for the names;
   * a CA or Vault issuer signs without challenges.
   */
  readonly issuer: AcmeIssuerChoice;
  /**
   * The DNS provider hosting the zone. The pattern adds a DNS-01 solver for it to the issuer,
   * selected by `dnsZones: [zone]` (plus `dnsNames` for additional names outside the zone), so
   * one issuer can serve several zones through different providers.
   *
   * @default - no solver added; the issuer must already select a DNS-01 solver for the names
   */
  readonly dns01?: Dns01Provider;
  /**
   * Secret cert-manager writes.
   *
   * @default `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * The private key.
   *
   * @default - ECDSA P-256, rotated on every renewal
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Renew this long before expiry.
   *
   * @default - cert-manager's default
   */
  readonly renewBefore?: Duration;
}

/** Options of `WildcardCertificate.addIstioServer()`. */
export interface WildcardIstioServerOptions {
  /**
   * Hosts of the server; each must be covered by the certificate.
   *
   * @default - the certificate's DNS names
   */
  readonly hosts?: string[];
  /**
   * Port name (unique within the gateway).
   *
   * @default - generated from protocol, port and first host
   */
  readonly portName?: string;
  /**
   * TLS settings.
   *
   * @default - TLS 1.2 minimum
   */
  readonly tls?: GatewayTlsOptions;
}

/** Options of `WildcardCertificate.addGatewayApiListener()`. */
export interface WildcardListenerOptions {
  /**
   * Listener name (unique within the Gateway).
   *
   * @default 'https'
   */
  readonly name?: string;
  /**
   * Host name of the listener (covered by the certificate), e.g. `*.example.com`.
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * Port.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * Which routes may attach.
   *
   * @default AllowedRoutes.fromSameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * A wildcard certificate `*.<zone>` (apex optional) from an ACME issuer over DNS-01 (the only
 * challenge public CAs offer for wildcards), to be shared by many HTTPS servers.
 *
 * The Certificate goes into the gateway workload namespace. Serve it with `addIstioServer()`
 * (one IstioGateway per workload holds every server using it: two Gateways with overlapping
 * selectors sharing one certificate make browsers reuse HTTP/2 connections across them and get
 * 404s, IST0138) or `addGatewayApiListener()` (each Gateway API Gateway gets its own Istio
 * deployment, so several may share it; a ReferenceGrant is added when the Gateway is in another
 * namespace).
 *
 * Checked at synth (besides the Certificate's own checks, e.g. that a DNS-01 solver is selected
 * for every wildcard name): with a given `dns01`, the issuer selects the pattern's solver for
 * the names (a warning names the solver that wins otherwise).
 */
export class WildcardCertificate extends Construct implements ICertificate {
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

  private readonly istioGateways: IstioGateway[] = [];
  private readonly keyAlgorithm?: PrivateKeyAlgorithm;
  /** Warnings raised by synth-time checks (validation may run more than once). */
  private readonly warned = new Set<string>();

  public constructor(scope: Construct, id: string, props: WildcardCertificateProps) {
    super(scope, id);
    const p = props ?? ({} as WildcardCertificateProps);
    if (typeof p !== 'object') fail(this, 'props', p, 'props are required', 'pass { zone, issuer, dns01 }');

    if (p.metadata !== undefined && (p.metadata === null || typeof p.metadata !== 'object')) fail(this, 'metadata', p.metadata, 'must be an object', 'pass { name, namespace, labels }');
    if (typeof p.zone !== 'string') fail(this, 'zone', p.zone, 'the DNS zone is required', 'pass the zone, e.g. "example.com"');
    const zoneProblem = checkDnsName(p.zone, { allowWildcard: false });
    if (zoneProblem) {
      fail(this, 'zone', p.zone, `zone ${zoneProblem}`, p.zone.startsWith('*.') ? `pass the zone without "*.": "${p.zone.slice(2)}"` : 'pass a lowercase DNS zone, e.g. "example.com"');
    }
    if (!p.zone.includes('.')) fail(this, 'zone', p.zone, 'a wildcard directly below a top-level domain is refused by public CAs', 'use a registered domain, e.g. "example.com"');
    this.zone = p.zone;
    if (p.includeApex !== undefined && typeof p.includeApex !== 'boolean') fail(this, 'includeApex', p.includeApex, 'must be a boolean', 'pass true or false');

    const names = [`*.${p.zone}`, ...(p.includeApex ? [p.zone] : [])];
    if (p.additionalDnsNames !== undefined && !Array.isArray(p.additionalDnsNames)) {
      fail(this, 'additionalDnsNames', p.additionalDnsNames, 'must be a list of DNS names', 'pass an array');
    }
    (p.additionalDnsNames ?? []).forEach((n, i) => {
      const f = `additionalDnsNames[${i}]`;
      if (typeof n !== 'string') fail(this, f, n, 'must be a DNS name', 'use a name like "www.example.org"');
      const problem = checkDnsName(n);
      if (problem) fail(this, f, n, `DNS name ${problem}`, 'use a lowercase name like "www.example.org" (a wildcard only as "*.example.org")');
      if (!n.includes('.')) fail(this, f, n, 'public CAs only issue for fully qualified names', 'use the fully qualified name');
      const covering = names.find((m) => m === n || (isWildcard(m) && dnsNameCovers(m, n)));
      if (covering) {
        fail(this, f, n, `is already covered by ${JSON.stringify(covering)}`, 'remove it (a wildcard covers exactly one label below the zone)');
      }
      names.push(n);
    });
    // Let's Encrypt: at most 100 names per certificate
    if (names.length > 100) fail(this, 'additionalDnsNames', `${names.length} names`, 'Let\'s Encrypt puts at most 100 names into one certificate', 'split the names across certificates');
    this.dnsNames = names;

    const name = p.metadata?.name ?? kebabName(id);
    const namespace = p.metadata?.namespace ?? Chart.of(this).namespace ?? 'default';

    const choice = p.issuer;
    if (!(choice instanceof AcmeIssuerChoice)) {
      fail(this, 'issuer', choice, 'an issuer choice is required', 'use AcmeIssuerChoice.letsEncrypt({...}) with dns01, or AcmeIssuerChoice.fromIssuer(issuer)');
    }
    if (p.dns01 !== undefined && !(p.dns01 instanceof Dns01Provider)) {
      fail(this, 'dns01', p.dns01, 'must be a Dns01Provider', 'create it with a Dns01Provider factory, e.g. Dns01Provider.route53({...})');
    }
    const given = choice.issuer;
    if (!given && p.dns01 === undefined) {
      fail(this, 'dns01', undefined, 'the Let\'s Encrypt issuer the pattern creates needs a DNS-01 provider: wildcard names can only be validated over DNS-01',
        'pass dns01: Dns01Provider.route53({...}) (or cloudflare, cloudDns, azureDns, ...)');
    }
    if (given && p.dns01 !== undefined && given.issuerType !== IssuerType.ACME) {
      fail(this, 'dns01', p.dns01.kind, `the issuer ${given.issuerRef.kind}/${given.issuerRef.name} is ${given.issuerType === IssuerType.UNKNOWN ? 'defined outside the app, so the pattern cannot add a solver to it' : `a ${given.issuerType} issuer, which needs no challenge`}`,
        given.issuerType === IssuerType.UNKNOWN ? 'configure the DNS-01 solver on that issuer and leave dns01 out, or pass an issuer of this app' : 'remove dns01');
    }
    if (given && given.issuerType === IssuerType.UNKNOWN) {
      this.warnOnce(`issuer ${given.issuerRef.kind}/${given.issuerRef.name} is defined outside the app: the library cannot check that it has a DNS-01 solver for ${JSON.stringify(this.dnsNames)} (wildcards are validated over DNS-01 only)`);
    }
    const issuer = choice._resolve(this, name, namespace, p.metadata?.labels);
    this.issuer = issuer;
    this.environment = Object.values(LetsEncryptEnvironment).find((e) => e === issuer.acmeServer);

    const solvers: AcmeSolver[] = [];
    if (p.dns01 !== undefined) {
      solvers.push(AcmeSolver.dns01(p.dns01, { selector: { dnsZones: [p.zone] } }));
      const outside = names.filter((n) => {
        const bare = isWildcard(n) ? n.slice(2) : n;
        return bare !== p.zone && !bare.endsWith(`.${p.zone}`);
      });
      if (outside.length > 0) solvers.push(AcmeSolver.dns01(p.dns01, { selector: { dnsNames: outside } }));
      addPatternSolvers(this, 'dns01', issuer, solvers, 'a DNS-01 solver');
    }
    this.solvers = solvers;

    this.certificate = new Certificate(this, 'Certificate', {
      metadata: { ...p.metadata, name, namespace },
      issuer,
      dnsNames: names,
      secretName: p.secretName,
      privateKey: p.privateKey,
      renewBefore: p.renewBefore,
    });
    this.keyAlgorithm = p.privateKey?.algorithm;
    this.secretName = this.certificate.secretName;
    this.namespace = this.certificate.namespace;

    this.node.addValidation({ validate: () => this.validatePattern() });
  }

  /**
   * Serve the certificate from an HTTPS server (port 443) of an Istio gateway. All servers of
   * one gateway workload that use this certificate must be on the same IstioGateway (IST0138).
   *
   * @returns the server as rendered
   */
  public addIstioServer(gateway: IstioGateway, options: WildcardIstioServerOptions = {}): GatewayServer {
    const known = this.istioGateways.indexOf(gateway);
    const f = `istioGateways[${known >= 0 ? known : this.istioGateways.length}]`;
    if (!(gateway instanceof IstioGateway)) fail(this, f, gateway, 'must be an IstioGateway of this app', 'pass the IstioGateway construct');
    const o = options ?? {};
    if (known < 0) {
      const clash = this.istioGateways.find((g) => g.workloadNamespace === gateway.workloadNamespace && selectorsOverlap(g.selector, gateway.selector));
      if (clash) {
        fail(this, f, gateway.qualifiedName,
          `gateway ${clash.qualifiedName} (${clash.node.path}) already serves this certificate to the same gateway pods: with one certificate on two Gateways, browsers reuse an HTTP/2 connection for a host of the other Gateway and get 404 (IST0138)`,
          `add the server to ${clash.qualifiedName} instead (one IstioGateway holds every server using the certificate)`);
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
    const server = gateway.addHttpsServer({ hosts: [...hosts], portName: o.portName, tls: GatewayTls.simple(this.certificate, o.tls ?? {}) });
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
    if (o.hostname !== undefined && (typeof o.hostname !== 'string' || !this.dnsNames.some((d) => d === o.hostname || dnsNameCovers(d, o.hostname!)))) {
      fail(this, 'hostname', o.hostname, `is not covered by the certificate (dnsNames ${JSON.stringify(this.dnsNames)}): clients would get a name mismatch`,
        'use a hostname the certificate covers, e.g. the wildcard itself');
    }
    return gateway.addListener({
      name: o.name ?? 'https',
      protocol: ListenerProtocol.HTTPS,
      port: o.port ?? 443,
      hostname: o.hostname,
      tls: ListenerTls.terminate(this.certificate),
      allowedRoutes: o.allowedRoutes,
    });
  }

  private validatePattern(): string[] {
    const issuer = this.issuer!;
    if (this.solvers.length > 0) {
      for (const n of this.dnsNames) {
        const picked = this.certificate._solverFor(n);
        if (picked === undefined || this.solvers.includes(picked)) continue; // undefined: the Certificate reports it
        const index = issuer.acmeSolvers.indexOf(picked);
        const kind = picked.challengeType === AcmeChallengeType.DNS01 ? `DNS-01 ${picked.dns01Provider?.kind}` : 'HTTP-01';
        this.warnOnce(`${issuer.issuerRef.kind} "${issuer.issuerRef.name}" selects its solvers[${index}] (${kind}) for ${JSON.stringify(n)}, not the ${this.solvers[0].dns01Provider?.kind} solver the pattern added (a more specific selector wins)`);
      }
    }
    return [];
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    Warnings.add(this, message);
  }
}
