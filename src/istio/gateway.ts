import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { ICertificate, IssuerType } from '../cert-manager/references';
import { clusterOf } from '../private/cluster';
import { resolveMetadata } from '../private/metadata';
import { dnsNameCovers, istioHostMatches as hostMatches, istioWildcardAncestors as wildcardAncestors } from '../private/hostnames';
import { checkDns1123Label } from '../private/names';
import { lookup, register } from '../private/registry';
import { expectFields, expectType, optionalProps } from '../private/types';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import {
  checkCredentialName, checkEnum, checkIstioMetadata, checkNoEmptyStrings, checkPort, checkSelector, requireArray, requireString,
  selectorKey, selectorsOverlap,
} from './private/checks';
import { checkGatewayHost, gatewayHostName, gatewayHostVisible } from './private/hosts';
import { plainRendering } from '../private/plain-render';

/** The Istio Gateway API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const IstioGatewayObject = plainRendering(istio.Gateway, istio.toJson_GatewayProps);

/** The default selector: the ingress gateway of a default Istio installation. */
const DEFAULT_SELECTOR = { istio: 'ingressgateway' };

/** App-wide registries (see private/registry.ts): linear whole-app checks. */
const HOST_REGISTRY = 'istio.gateway.port-host';
const CREDENTIAL_REGISTRY = 'istio.gateway.credential';

/** Protocol of a Gateway server port (`port.protocol`). */
export enum GatewayProtocol {
  /** Plain-text HTTP/1.1 (and h2c). */
  HTTP = 'HTTP',
  /** HTTP over TLS; needs `tls`. */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** gRPC-Web. */
  GRPC_WEB = 'GRPC-WEB',
  /** HTTP proxy (CONNECT). */
  HTTP_PROXY = 'HTTP_PROXY',
  /** TLS (terminated or passed through by SNI); needs `tls`. */
  TLS = 'TLS',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** UDP (accepted by Istio's validation; Envoy gateways do not proxy UDP). */
  UDP = 'UDP',
  /** MongoDB. */
  MONGO = 'MONGO',
  /** Redis. */
  REDIS = 'REDIS',
  /** MySQL. */
  MYSQL = 'MYSQL',
}

const HTTP_FAMILY = [GatewayProtocol.HTTP, GatewayProtocol.HTTP2, GatewayProtocol.GRPC, GatewayProtocol.GRPC_WEB, GatewayProtocol.HTTP_PROXY];
const TLS_FAMILY = [GatewayProtocol.HTTPS, GatewayProtocol.TLS];

/** `tls.mode` of a Gateway server. */
export enum GatewayTlsMode {
  /** Forward the TLS connection by SNI without terminating it. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Terminate TLS with the server certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Passthrough with SNI-based routing to mesh services (east-west gateways). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Terminate with the mesh's own (Istio CA) certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Like MUTUAL, but a client certificate is optional. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

const TERMINATING_MODES = [GatewayTlsMode.SIMPLE, GatewayTlsMode.MUTUAL, GatewayTlsMode.OPTIONAL_MUTUAL, GatewayTlsMode.ISTIO_MUTUAL];
const CLIENT_CA_MODES = [GatewayTlsMode.MUTUAL, GatewayTlsMode.OPTIONAL_MUTUAL];

/** TLS protocol versions (`minProtocolVersion` / `maxProtocolVersion`). */
export enum TlsProtocolVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0 (insecure). */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1 (insecure). */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

const VERSION_ORDER = [TlsProtocolVersion.TLSV1_0, TlsProtocolVersion.TLSV1_1, TlsProtocolVersion.TLSV1_2, TlsProtocolVersion.TLSV1_3];

/** Cipher suites Istio accepts (`pkg/config/security/security.go` ValidCipherSuites). */
const VALID_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
];

/** TLS settings shared by the terminating modes. */
export interface GatewayTlsOptions {
  /**
   * Minimum TLS version.
   *
   * @default TlsProtocolVersion.TLSV1_2
   */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /**
   * Maximum TLS version.
   *
   * @default - Envoy's default (TLS 1.3)
   */
  readonly maxProtocolVersion?: TlsProtocolVersion;
  /**
   * Cipher suites to offer (they only affect TLS 1.2 and below), e.g.
   * `ECDHE-ECDSA-AES128-GCM-SHA256`. Unknown and duplicate names are rejected (Istio would
   * silently drop them).
   *
   * @default - Envoy's default cipher suites
   */
  readonly cipherSuites?: string[];
}

/** TLS settings for `ISTIO_MUTUAL` servers. */
export interface GatewayIstioMutualTlsOptions extends GatewayTlsOptions {
  /**
   * Accepted identities (SANs) of the client certificates, e.g. `spiffe://cluster.local/ns/a/sa/b`.
   *
   * @default - any client with a mesh certificate
   */
  readonly subjectAltNames?: string[];
}

/** TLS settings for `MUTUAL` and `OPTIONAL_MUTUAL` servers. */
export interface GatewayMutualTlsOptions extends GatewayIstioMutualTlsOptions {
  /**
   * Secret (or ConfigMap) in the gateway workload namespace holding the CA bundle that client
   * certificates are verified against (`caCertCredentialName`, Istio 1.28 and later).
   *
   * Without it Istio looks for a Secret named `<credentialName>-cacert` and, if there is none,
   * uses the `ca.crt` key of the server certificate's own Secret. cert-manager fills `ca.crt`
   * for CA, SelfSigned and Vault issuers, but not for ACME issuers: with a Let's Encrypt
   * server certificate, pass the client CA here (or create `<credentialName>-cacert`).
   *
   * @default - `<credentialName>-cacert`, else the `ca.crt` of the server certificate's Secret
   */
  readonly caCertCredentialName?: string;
}

/** TLS settings for a server whose Secret is not written by a Certificate of this app. */
export interface GatewayCredentialTlsOptions extends GatewayMutualTlsOptions {
  /**
   * The terminating mode: SIMPLE, MUTUAL or OPTIONAL_MUTUAL.
   *
   * @default GatewayTlsMode.SIMPLE
   */
  readonly mode?: GatewayTlsMode;
}

/**
 * The TLS block of a Gateway server. Certificates are always referenced through a Secret
 * (`credentialName`), filled in from a cert-manager `ICertificate`; `mode` is always written
 * explicitly (an HTTPS server without `mode` would silently be PASSTHROUGH).
 */
export class GatewayTls {
  /**
   * Terminate TLS with the certificate cert-manager writes to `certificate.secretName`.
   *
   * The Certificate must live in the gateway **workload** namespace (checked at synth).
   */
  public static simple(certificate: ICertificate, options: GatewayTlsOptions = {}): GatewayTls {
    return GatewayTls.terminating('GatewayTls.simple', GatewayTlsMode.SIMPLE, certificate, undefined, options);
  }

  /**
   * Terminate TLS and require a client certificate verified against a CA bundle; see
   * `caCertCredentialName` for where Istio finds that CA.
   */
  public static mutual(certificate: ICertificate, options: GatewayMutualTlsOptions = {}): GatewayTls {
    return GatewayTls.terminating('GatewayTls.mutual', GatewayTlsMode.MUTUAL, certificate, undefined, options);
  }

  /** Like `mutual()`, but clients without a certificate are let through. */
  public static optionalMutual(certificate: ICertificate, options: GatewayMutualTlsOptions = {}): GatewayTls {
    return GatewayTls.terminating('GatewayTls.optionalMutual', GatewayTlsMode.OPTIONAL_MUTUAL, certificate, undefined, options);
  }

  /**
   * Terminate TLS with a Secret this app does not create (e.g. written by another tool).
   * Prefer `simple(certificate)`: only then can the library check namespace and names.
   */
  public static fromCredentialName(credentialName: string, options: GatewayCredentialTlsOptions = {}): GatewayTls {
    const where = 'GatewayTls.fromCredentialName';
    expectFields(where, '', options, { mode: 'string' });
    const mode = options.mode ?? GatewayTlsMode.SIMPLE;
    checkEnum(where, 'mode', mode, GatewayTlsMode, 'TLS mode');
    if (![GatewayTlsMode.SIMPLE, ...CLIENT_CA_MODES].includes(mode)) {
      fail(where, 'mode', mode, 'a credentialName is only used by the terminating modes SIMPLE, MUTUAL and OPTIONAL_MUTUAL',
        'use GatewayTls.passthrough() or GatewayTls.istioMutual() for the other modes (they take no certificate)');
    }
    checkCredentialName(where, 'credentialName', credentialName);
    return GatewayTls.terminating(where, mode, undefined, credentialName, options);
  }

  /** Pass TLS through to the backend by SNI (server protocol TLS or HTTPS). */
  public static passthrough(): GatewayTls {
    return new GatewayTls({ mode: GatewayTlsMode.PASSTHROUGH });
  }

  /** SNI-based passthrough to mesh services, as used by multi-network east-west gateways. */
  public static autoPassthrough(): GatewayTls {
    return new GatewayTls({ mode: GatewayTlsMode.AUTO_PASSTHROUGH });
  }

  /** Terminate with the mesh's own workload certificates (clients are mesh workloads). */
  public static istioMutual(options: GatewayIstioMutualTlsOptions = {}): GatewayTls {
    const where = 'GatewayTls.istioMutual';
    const checked = checkVersionsAndCiphers(where, options);
    checkNoEmptyStrings(where, 'subjectAltNames', options.subjectAltNames, 'list the accepted identities');
    return new GatewayTls({ mode: GatewayTlsMode.ISTIO_MUTUAL, ...checked, subjectAltNames: options.subjectAltNames });
  }

  /**
   * For plain HTTP servers: answer every request with a 301 redirect to HTTPS
   * (`tls.httpsRedirect: true`, no `mode`, as in Istio's and cert-manager's docs).
   *
   * Note that the redirect also catches ACME HTTP-01 challenge requests; Let's Encrypt
   * follows it, so the challenge must also be routable on the HTTPS server.
   */
  public static httpsRedirect(): GatewayTls {
    return new GatewayTls({ redirect: true });
  }

  private static terminating(where: string, mode: GatewayTlsMode, certificate: ICertificate | undefined, credentialName: string | undefined,
    options: GatewayMutualTlsOptions): GatewayTls {
    if (certificate !== undefined || credentialName === undefined) {
      if (certificate === null || typeof certificate !== 'object' || typeof (certificate as any).secretName !== 'string') {
        fail(where, 'certificate', certificate, 'a cert-manager certificate (ICertificate) is required',
          'pass a Certificate of this app, or use GatewayTls.fromCredentialName() for a Secret created elsewhere');
      }
      checkCredentialName(where, 'certificate.secretName', certificate.secretName);
    }
    const checked = checkVersionsAndCiphers(where, options);
    if (!CLIENT_CA_MODES.includes(mode)) {
      if (options.subjectAltNames !== undefined) fail(where, 'subjectAltNames', options.subjectAltNames, `subjectAltNames verify client certificates, which ${mode} does not request`, 'use GatewayTls.mutual()');
      if (options.caCertCredentialName !== undefined) fail(where, 'caCertCredentialName', options.caCertCredentialName, `a client CA is only used by MUTUAL and OPTIONAL_MUTUAL, not ${mode}`, 'use GatewayTls.mutual()');
    }
    checkNoEmptyStrings(where, 'subjectAltNames', options.subjectAltNames, 'list the accepted client identities');
    if (options.caCertCredentialName !== undefined) checkCredentialName(where, 'caCertCredentialName', options.caCertCredentialName, 'client-ca');
    return new GatewayTls({
      mode,
      certificate,
      credentialName: credentialName ?? certificate?.secretName,
      ...checked,
      subjectAltNames: options.subjectAltNames,
      caCertCredentialName: options.caCertCredentialName,
    });
  }

  /** The TLS mode; undefined for `httpsRedirect()`. */
  public readonly mode?: GatewayTlsMode;
  /** Whether this is the plain-HTTP `httpsRedirect()` block. */
  public readonly isHttpsRedirect: boolean;
  /** The certificate whose Secret is served, when it comes from this app. */
  public readonly certificate?: ICertificate;
  /** `credentialName`: the Secret Istio loads in the gateway workload namespace. */
  public readonly credentialName?: string;
  /** Minimum TLS version (TLSV1_2 by default for terminating modes). */
  public readonly minProtocolVersion?: TlsProtocolVersion;
  /** Maximum TLS version, when set. */
  public readonly maxProtocolVersion?: TlsProtocolVersion;
  /** Cipher suites, when set. */
  public readonly cipherSuites?: string[];
  /** Accepted client SANs, when set. */
  public readonly subjectAltNames?: string[];
  /** Secret holding the client CA bundle, when set. */
  public readonly caCertCredentialName?: string;

  private constructor(init: {
    mode?: GatewayTlsMode; redirect?: boolean; certificate?: ICertificate; credentialName?: string;
    minProtocolVersion?: TlsProtocolVersion; maxProtocolVersion?: TlsProtocolVersion; cipherSuites?: string[];
    subjectAltNames?: string[]; caCertCredentialName?: string;
  }) {
    this.mode = init.mode;
    this.isHttpsRedirect = init.redirect === true;
    this.certificate = init.certificate;
    this.credentialName = init.credentialName;
    this.minProtocolVersion = init.minProtocolVersion;
    this.maxProtocolVersion = init.maxProtocolVersion;
    this.cipherSuites = init.cipherSuites ? [...init.cipherSuites] : undefined;
    this.subjectAltNames = init.subjectAltNames ? [...init.subjectAltNames] : undefined;
    this.caCertCredentialName = init.caCertCredentialName;
  }

  /** @internal */
  public _toKube(): istio.GatewaySpecServersTls {
    if (this.isHttpsRedirect) return { httpsRedirect: true };
    return {
      mode: this.mode as unknown as istio.GatewaySpecServersTlsMode,
      credentialName: this.credentialName,
      caCertCredentialName: this.caCertCredentialName,
      subjectAltNames: this.subjectAltNames,
      minProtocolVersion: this.minProtocolVersion as unknown as istio.GatewaySpecServersTlsMinProtocolVersion,
      maxProtocolVersion: this.maxProtocolVersion as unknown as istio.GatewaySpecServersTlsMaxProtocolVersion,
      cipherSuites: this.cipherSuites,
    };
  }
}

function checkVersionsAndCiphers(where: string, options: GatewayTlsOptions) {
  expectFields(where, '', options, { cipherSuites: 'array' });
  const min = options.minProtocolVersion ?? TlsProtocolVersion.TLSV1_2;
  checkEnum(where, 'minProtocolVersion', min, TlsProtocolVersion, 'TLS protocol version');
  if (options.maxProtocolVersion !== undefined) {
    checkEnum(where, 'maxProtocolVersion', options.maxProtocolVersion, TlsProtocolVersion, 'TLS protocol version');
    const lo = VERSION_ORDER.indexOf(min);
    const hi = VERSION_ORDER.indexOf(options.maxProtocolVersion);
    if (lo >= 0 && hi >= 0 && lo > hi) {
      fail(where, 'minProtocolVersion', min, `the minimum TLS version is above the maximum (${options.maxProtocolVersion}): no handshake can succeed`,
        'lower minProtocolVersion or raise maxProtocolVersion');
    }
  }
  const ciphers = requireArray(where, 'cipherSuites', options.cipherSuites, { nonEmpty: true, fix: 'omit cipherSuites to use the defaults' });
  const seen = new Set<string>();
  ciphers.forEach((c, i) => {
    const operator = typeof c === 'string' && c.length > 0 && !/^[A-Za-z0-9]/.test(c);
    if (!operator && !VALID_CIPHER_SUITES.includes(c)) {
      fail(where, `cipherSuites[${i}]`, c, 'unknown cipher suite (Istio would silently ignore it)', `use one of ${VALID_CIPHER_SUITES.join(', ')}`);
    }
    if (seen.has(c)) fail(where, `cipherSuites[${i}]`, c, 'duplicate cipher suite (Istio would silently ignore it)', 'list each cipher suite once');
    seen.add(c);
  });
  return { minProtocolVersion: min, maxProtocolVersion: options.maxProtocolVersion, cipherSuites: options.cipherSuites };
}

/** A server of a Gateway: what to listen on, for which hosts, with which TLS. */
export interface GatewayServerOptions {
  /** Port the gateway proxy listens on, e.g. 443. */
  readonly port: number;
  /** Protocol of the port. */
  readonly protocol: GatewayProtocol;
  /**
   * Hosts served: `shop.example.com`, `*.example.com`, `*`, or with a namespace restriction
   * on which VirtualServices may bind (`ns/shop.example.com`, `./host`, `*\/host`). No ports.
   */
  readonly hosts: string[];
  /**
   * TLS settings: required for HTTPS and TLS servers; for HTTP servers only
   * `GatewayTls.httpsRedirect()`.
   *
   * @default - none (plain text)
   */
  readonly tls?: GatewayTls;
  /**
   * `port.name`, unique within the Gateway.
   *
   * @default - `<protocol>-<port>-<first host label>`, e.g. `https-443-shop`, made unique
   */
  readonly portName?: string;
}

/** Options for `addHttpServer()`. */
export interface GatewayHttpServerOptions {
  /** Hosts served (see `GatewayServerOptions.hosts`). */
  readonly hosts: string[];
  /**
   * Port.
   *
   * @default 80
   */
  readonly port?: number;
  /**
   * Redirect every request to HTTPS (`tls.httpsRedirect: true`).
   *
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * `port.name`.
   *
   * @default - generated, e.g. `http-80-shop`
   */
  readonly portName?: string;
}

/** Options for `addHttpsServer()`. */
export interface GatewayHttpsServerOptions {
  /** TLS settings, e.g. `GatewayTls.simple(certificate)`. */
  readonly tls: GatewayTls;
  /**
   * Hosts served (see `GatewayServerOptions.hosts`).
   *
   * @default - the certificate's dnsNames
   */
  readonly hosts?: string[];
  /**
   * Port.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * `port.name`.
   *
   * @default - generated, e.g. `https-443-shop`
   */
  readonly portName?: string;
}

/** Read-back of one server of a gateway, for other constructs and tests. */
export interface GatewayServer {
  /** `port.name`. */
  readonly portName: string;
  /** `port.number`. */
  readonly port: number;
  /** `port.protocol`. */
  readonly protocol: GatewayProtocol;
  /** Hosts as written (possibly `ns/host`). */
  readonly hosts: string[];
  /** TLS mode, when the server has TLS settings with a mode. */
  readonly tlsMode?: GatewayTlsMode;
  /** Whether the server redirects HTTP to HTTPS. */
  readonly httpsRedirect: boolean;
  /** The certificate whose Secret the server serves, when it comes from this app. */
  readonly certificate?: ICertificate;
  /** `tls.credentialName`, when set. */
  readonly credentialName?: string;
  /** The full TLS settings, when set. */
  readonly tls?: GatewayTls;
}

/** An Istio Gateway that VirtualServices can bind to. */
export interface IIstioGateway extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace` of the Gateway object. */
  readonly namespace: string;
  /**
   * Namespace of the gateway workload (the pods selected by `selector`), where Istio reads
   * `credentialName` Secrets.
   */
  readonly workloadNamespace: string;
  /** Labels selecting the gateway pods. */
  readonly selector: { [key: string]: string };
  /** `namespace/name`, as VirtualService `gateways` entries are written. */
  readonly qualifiedName: string;
  /** The servers of a gateway defined in this app; empty for imported gateways (unknown). */
  readonly servers: GatewayServer[];
  /**
   * True for gateways referenced with `IstioGateway.fromGatewayName()`: their servers are
   * unknown, so host checks against them are skipped.
   */
  readonly isImported: boolean;
}

/** Options for `IstioGateway.fromGatewayName()`. */
export interface IstioGatewayImportOptions {
  /**
   * Namespace of the Gateway object.
   *
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * Namespace of the gateway pods.
   *
   * @default - the Gateway's namespace
   */
  readonly workloadNamespace?: string;
  /**
   * Selector of the gateway pods.
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: { [key: string]: string };
}

/** Props of `IstioGateway`. */
export interface IstioGatewayProps {
  /**
   * Name, namespace, labels and annotations. The name must be a DNS-1123 label (no dots).
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Labels selecting the gateway pods.
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: { [key: string]: string };
  /**
   * Namespace where the selected gateway pods run. Istio reads the Secret named by a
   * server's `credentialName` from this namespace, not from the Gateway object's
   * (istio/istio#27740), so the server Certificates must be created here. Default
   * installations run the ingress gateway in `istio-system` (istioctl / `demo` profile) or
   * `istio-ingress` (Helm `gateway` chart).
   *
   * @default - the Gateway's own namespace
   */
  readonly workloadNamespace?: string;
  /**
   * Servers; more can be added with `addServer()`, `addHttpServer()`, `addHttpsServer()`.
   *
   * @default - none (at least one is required at synth)
   */
  readonly servers?: GatewayServerOptions[];
}

/**
 * An Istio `networking.istio.io/v1` Gateway: the ports, hosts and TLS settings of an
 * ingress (or egress) gateway deployment.
 *
 * Checked at synth: every server Certificate lives in the gateway workload namespace and
 * covers the server's hosts; no other gateway with the same selector claims the same host on
 * the same port (IST0145); sharing a certificate with an overlapping gateway is warned
 * about (IST0138).
 */
export class IstioGateway extends Construct implements IIstioGateway {
  /** Reference a Gateway defined outside this app (its servers are unknown). */
  public static fromGatewayName(scope: Construct, id: string, name: string, options: IstioGatewayImportOptions = {}): IIstioGateway {
    return new ImportedIstioGateway(scope, id, name, options);
  }

  /** The underlying L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Namespace of the gateway pods, where credential Secrets are read. */
  public readonly workloadNamespace: string;
  /** Labels selecting the gateway pods. */
  public readonly selector: { [key: string]: string };
  /** Always false: this gateway is defined in the app. */
  public readonly isImported: boolean = false;

  private readonly _servers: GatewayServer[] = [];
  private readonly portNames = new Set<string>();
  private hostIndex?: { servers: number; byHost: Map<string, string[]> };
  /** Hosts of the servers with TLS settings, by port (Istio allows each once per port). */
  private readonly tlsHostsByPort = new Map<number, Map<string, { server: number; host: string }>>();
  /** Whether workloadNamespace was given (else it defaults to the Gateway's namespace). */
  private readonly workloadNamespaceGiven: boolean;

  public constructor(scope: Construct, id: string, props: IstioGatewayProps = {}) {
    super(scope, id);
    props = optionalProps(this, props);
    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'Gateway', nameRule: 'label' });
    checkIstioMetadata(this, props.metadata, 'Gateway');
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    if (props.workloadNamespace !== undefined) requireString(this, 'workloadNamespace', props.workloadNamespace, 'name the namespace the gateway pods run in, e.g. istio-system');
    this.workloadNamespace = props.workloadNamespace ?? this.namespace;
    this.workloadNamespaceGiven = props.workloadNamespace !== undefined;
    const nsProblem = checkDns1123Label(this.workloadNamespace);
    if (nsProblem) fail(this, 'workloadNamespace', this.workloadNamespace, `namespace ${nsProblem}`, 'name the namespace the gateway pods run in, e.g. istio-system');
    checkSelector(this, 'selector', props.selector, { required: true, fix: "select the gateway pods, e.g. { istio: 'ingressgateway' }" });
    this.selector = { ...(props.selector ?? DEFAULT_SELECTOR) };

    this.apiObject = new IstioGatewayObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this.toSpec() }),
    });
    requireArray(this, 'servers', props.servers, { fix: 'pass a list of servers' }).forEach((s) => this.addServer(s));
    this.node.addValidation({ validate: () => this.validateWiring() });
  }

  /** `namespace/name`, as written in VirtualService `gateways`. */
  public get qualifiedName(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** The servers, in order. */
  public get servers(): GatewayServer[] {
    return [...this._servers];
  }

  /**
   * Whether this gateway serves `host` to routes in `routeNamespace` (Istio host matching,
   * `ns/host` visibility). Uses an index built once per set of servers, so checking many
   * VirtualServices against one shared gateway stays linear.
   *
   * @internal
   */
  public _serves(host: string, routeNamespace: string): boolean {
    if (this.hostIndex?.servers !== this._servers.length) {
      const byHost = new Map<string, string[]>();
      for (const s of this._servers) {
        for (const h of s.hosts) {
          const key = gatewayHostName(h);
          const list = byHost.get(key) ?? [];
          list.push(h);
          byHost.set(key, list);
        }
      }
      this.hostIndex = { servers: this._servers.length, byHost };
    }
    const byHost = this.hostIndex.byHost;
    const visible = (raw?: string[]) => (raw ?? []).some((r) => gatewayHostVisible(this.namespace, r, routeNamespace));
    const h = host.toLowerCase();
    if (h.startsWith('*')) {
      // a wildcard route host may match more specific server hosts: scan (rare)
      for (const [key, raw] of byHost) if (hostMatches(key, h) && visible(raw)) return true;
      return false;
    }
    return visible(byHost.get(h)) || wildcardAncestors(h).some((w) => visible(byHost.get(w)));
  }

  /**
   * Add a server (port, protocol, hosts, TLS).
   *
   * @returns the server as it will be rendered
   */
  public addServer(options: GatewayServerOptions): GatewayServer {
    const index = this._servers.length;
    const f = `servers[${index}]`;
    if (options === null || typeof options !== 'object') fail(this, f, options, 'a server needs port, protocol and hosts', 'pass { port, protocol, hosts }');
    const port = checkPort(this, `${f}.port`, options.port);
    const protocol = checkEnum(this, `${f}.protocol`, options.protocol, GatewayProtocol, 'gateway protocol');
    if (options.hosts === undefined) fail(this, `${f}.hosts`, undefined, 'server config must contain at least one host', 'list at least one host, e.g. ["shop.example.com"]');
    const hosts = requireArray(this, `${f}.hosts`, options.hosts, { nonEmpty: true, fix: 'list at least one host, e.g. ["shop.example.com"]' });
    hosts.forEach((h, i) => {
      const p = checkGatewayHost(h);
      if (p) fail(this, `${f}.hosts[${i}]`, h, p.problem, p.fix);
    });
    if (protocol === GatewayProtocol.UDP) Warnings.add(this, `${f} uses protocol UDP: Envoy-based Istio gateways do not proxy UDP; the server will not carry traffic`);
    const tls = options.tls;
    if (tls !== undefined && !(tls instanceof GatewayTls)) fail(this, `${f}.tls`, tls, 'must be a GatewayTls', 'use GatewayTls.simple(certificate) or another GatewayTls factory');
    this.checkTlsForProtocol(`${f}.tls`, protocol, tls);
    if (tls !== undefined) this.claimTlsHosts(f, index, port, protocol, hosts, tls);
    const portName = this.portNameFor(`${f}.portName`, options.portName, protocol, port, hosts);

    const server: GatewayServer = {
      portName,
      port,
      protocol,
      hosts: [...hosts],
      tlsMode: tls?.mode,
      httpsRedirect: tls?.isHttpsRedirect ?? false,
      certificate: tls?.certificate,
      credentialName: tls?.credentialName,
      tls,
    };
    this._servers.push(server);
    this.portNames.add(portName);

    const cluster = clusterOf(this) ?? '';
    const sel = selectorKey(this.selector);
    for (const h of hosts) register(HOST_REGISTRY, `${cluster}|${this.workloadNamespace}|${sel}|${port}|${gatewayHostName(h)}`, this);
    if (tls?.credentialName !== undefined) this.registerCredential(f, cluster, server);
    if (tls?.mode !== undefined && CLIENT_CA_MODES.includes(tls.mode) && tls.caCertCredentialName === undefined && tls.certificate?.issuer?.issuerType === IssuerType.ACME) {
      Warnings.add(this, `${f}.tls uses ${tls.mode} with the ACME certificate ${tls.certificate.node.path}: the Secret cert-manager writes for an ACME certificate has no ca.crt, so client certificates cannot be verified unless a Secret "${tls.credentialName}-cacert" exists in namespace "${this.workloadNamespace}" — set caCertCredentialName to the Secret holding the client CA`);
    }
    return server;
  }

  /** Add a plain HTTP server (port 80 by default), optionally redirecting to HTTPS. */
  public addHttpServer(options: GatewayHttpServerOptions): GatewayServer {
    if (options === null || typeof options !== 'object') fail(this, `servers[${this._servers.length}]`, options, 'an HTTP server needs hosts', 'pass { hosts: ["shop.example.com"] }');
    return this.addServer({
      port: options.port ?? 80,
      protocol: GatewayProtocol.HTTP,
      hosts: options.hosts,
      tls: options.httpsRedirect ? GatewayTls.httpsRedirect() : undefined,
      portName: options.portName,
    });
  }

  /** Add an HTTPS server (port 443 by default); hosts default to the certificate's dnsNames. */
  public addHttpsServer(options: GatewayHttpsServerOptions): GatewayServer {
    const f = `servers[${this._servers.length}]`;
    if (!(options?.tls instanceof GatewayTls)) fail(this, `${f}.tls`, options?.tls, 'an HTTPS server needs TLS settings', 'pass tls: GatewayTls.simple(certificate)');
    expectType(this, `${f}.hosts`, options.hosts, 'string[]');
    let hosts = options.hosts;
    if (hosts === undefined) {
      hosts = options.tls.certificate?.dnsNames;
      if (hosts === undefined || hosts.length === 0) {
        fail(this, `${f}.hosts`, hosts, 'hosts can only be taken from the certificate when it has dnsNames', 'pass hosts explicitly');
      }
    }
    return this.addServer({ port: options.port ?? 443, protocol: GatewayProtocol.HTTPS, hosts: [...hosts], tls: options.tls, portName: options.portName });
  }

  private checkTlsForProtocol(field: string, protocol: GatewayProtocol, tls: GatewayTls | undefined): void {
    if (TLS_FAMILY.includes(protocol)) {
      if (tls === undefined) fail(this, field, tls, `server must have TLS settings for ${protocol}`, 'pass tls: GatewayTls.simple(certificate) (or passthrough())');
      if (tls.isHttpsRedirect) {
        fail(this, field, 'httpsRedirect', `httpsRedirect only applies to plain HTTP servers; on a ${protocol} server it would leave the TLS mode implicit (PASSTHROUGH)`,
          'use GatewayTls.simple(certificate) here and put httpsRedirect on the port-80 HTTP server');
      }
    } else if (tls !== undefined) {
      if (!HTTP_FAMILY.includes(protocol)) fail(this, field, tls.mode ?? 'httpsRedirect', `server cannot have TLS settings for ${protocol} ports`, 'use protocol TLS or HTTPS for TLS, or remove tls');
      if (!tls.isHttpsRedirect) {
        fail(this, field, tls.mode, `server cannot have TLS settings for plain text ${protocol} ports (only httpsRedirect)`,
          'use protocol HTTPS (or TLS) for a TLS server, or GatewayTls.httpsRedirect() for a redirecting HTTP server');
      }
    }
    if (tls?.mode === GatewayTlsMode.AUTO_PASSTHROUGH && protocol !== GatewayProtocol.TLS) {
      fail(this, field, tls.mode, 'AUTO_PASSTHROUGH routes by SNI and needs protocol TLS', 'use protocol GatewayProtocol.TLS');
    }
    if (tls?.minProtocolVersion !== undefined && tls.mode !== undefined && TERMINATING_MODES.includes(tls.mode)
      && [TlsProtocolVersion.TLSV1_0, TlsProtocolVersion.TLSV1_1].includes(tls.minProtocolVersion) && tls.cipherSuites === undefined) {
      Warnings.add(this, `${field}.minProtocolVersion is ${tls.minProtocolVersion} without cipherSuites: TLS versions below TLSV1_2 need compatible ciphers, which the defaults no longer include`);
    }
  }

  /**
   * Istio merges the servers of all gateways on a port and skips a server with TLS settings
   * (httpsRedirect included) one of whose hosts an earlier such server already has ("skipping
   * server on gateway ..., duplicate host names", pilot/pkg/model/gateway.go CheckDuplicates,
   * comparing hosts after "./h" → "<ns>/h" and "*\/h" → "h"): the whole later server is
   * dropped. For HTTPS and TLS servers the same name behind different namespace prefixes is
   * not skipped there, but both servers then claim one SNI name on the listener. Across gateways
   * IST0145 covers this; here, within one gateway.
   */
  private claimTlsHosts(f: string, index: number, port: number, protocol: GatewayProtocol, hosts: string[], tls: GatewayTls): void {
    const istioKey = (h: string) => (h.startsWith('./') ? `${this.namespace}/${h.slice(2)}` : h.startsWith('*/') ? h.slice(2) : h);
    const sni = TLS_FAMILY.includes(protocol);
    const key = (h: string) => (sni ? gatewayHostName(h) : istioKey(h));
    const known = this.tlsHostsByPort.get(port) ?? new Map<string, { server: number; host: string }>();
    hosts.forEach((h, i) => {
      const earlier = known.get(key(h));
      if (earlier === undefined) return;
      const why = istioKey(earlier.host) === istioKey(h)
        ? `Istio skips a later server whose host is already served with TLS settings on the port ("duplicate host names"), so this whole server${tls.isHttpsRedirect ? ' (its redirect included)' : ''} would be ignored`
        : `both servers would claim the SNI name "${gatewayHostName(h)}" on the port's listener, where only one filter chain can answer it`;
      fail(this, `${f}.hosts[${i}]`, h, `servers[${earlier.server}] of this gateway already has this host${earlier.host !== h ? ` (as ${JSON.stringify(earlier.host)})` : ''} on port ${port} with TLS settings: ${why}`,
        'serve each host from one server per port (a server can list several hosts), or use another port');
    });
    hosts.forEach((h) => known.set(key(h), { server: index, host: h }));
    this.tlsHostsByPort.set(port, known);
  }

  private portNameFor(field: string, given: string | undefined, protocol: GatewayProtocol, port: number, hosts: string[]): string {
    if (given !== undefined) {
      requireString(this, field, given, 'name the port, e.g. "https-443-shop"');
      if (/\s/.test(given)) fail(this, field, given, 'a port name must not contain whitespace', 'use e.g. "https-443-shop"');
      if (this.portNames.has(given)) fail(this, field, given, 'port names in servers must be unique', 'choose another portName or omit it to get a generated one');
      return given;
    }
    const first = gatewayHostName(hosts[0]);
    const label = first === '*' ? 'any' : first.startsWith('*.') ? `wildcard-${first.split('.')[1]}` : first.split('.')[0];
    const base = `${protocol.toLowerCase()}-${port}-${label.replace(/[^a-z0-9-]/g, '-')}`;
    let name = base;
    for (let n = 2; this.portNames.has(name); n++) name = `${base}-${n}`;
    return name;
  }

  /** IST0138: the same credentialName on two gateways whose selectors overlap. */
  private registerCredential(field: string, cluster: string, server: GatewayServer): void {
    const list = register(CREDENTIAL_REGISTRY, `${cluster}|${this.workloadNamespace}|${server.credentialName}`, this);
    // name the first earlier gateway only: one warning per server keeps this linear
    for (const other of list) {
      if (other === this || !(other instanceof IstioGateway) || !selectorsOverlap(this.selector, other.selector)) continue;
      Warnings.add(this, `${field}.tls.credentialName "${server.credentialName}" is also used by gateway ${other.qualifiedName} (${other.node.path}), whose selector overlaps: browsers reuse HTTP/2 connections across hosts sharing a certificate and get 404 from the gateway that does not serve the host (IST0138) — serve these hosts from one IstioGateway (addServer on one gateway) or give each gateway its own certificate`);
      return;
    }
  }

  private validateWiring(): string[] {
    const errors: string[] = [];
    if (this._servers.length === 0) {
      errors.push(describeProblem('servers', [], 'gateway must have at least one server', 'pass servers or call addServer(), addHttpServer() or addHttpsServer()'));
    }
    const cluster = clusterOf(this) ?? '';
    const sel = selectorKey(this.selector);
    this._servers.forEach((server, i) => {
      const f = `servers[${i}]`;
      if (server.certificate) errors.push(...this.checkCertificate(f, server, server.certificate));
      server.hosts.forEach((h, j) => {
        const host = gatewayHostName(h);
        const prefix = `${cluster}|${this.workloadNamespace}|${sel}|${server.port}|`;
        const same = lookup(HOST_REGISTRY, prefix + host, this);
        const mine = same.indexOf(this);
        const clashes = new Set<IConstruct>();
        same.forEach((other, k) => { if (other !== this && k < mine) clashes.add(other); });
        for (const w of wildcardAncestors(host)) for (const other of lookup(HOST_REGISTRY, prefix + w, this)) if (other !== this) clashes.add(other);
        for (const other of clashes) {
          const o = other as IstioGateway;
          errors.push(describeProblem(`${f}.hosts[${j}]`, h,
            `host overlaps a host of gateway ${o.qualifiedName} (${o.node.path}) on port ${server.port} with the same selector ${sel} in namespace "${this.workloadNamespace}": Envoy builds one listener per port and one of the servers is ignored (IST0145)`,
            'merge the servers into one IstioGateway (addServer on a single gateway) or use distinct hosts'));
        }
      });
    });
    return errors;
  }

  private checkCertificate(field: string, server: GatewayServer, cert: ICertificate): string[] {
    const errors: string[] = [];
    if (cert.namespace !== this.workloadNamespace) {
      // Without workloadNamespace the gateway pods are assumed to run in the Gateway object's own
      // namespace; a Gateway kept with the app while its pods run elsewhere (istio-system, ...) is
      // the likelier cause then. With workloadNamespace given, the Certificate is in the wrong place.
      const moveCertificate = `create the Certificate in namespace "${this.workloadNamespace}" (metadata.namespace)`;
      const setWorkload = `set workloadNamespace: "${cert.namespace}" on the gateway if its pods run there (the Gateway object may stay in "${this.namespace}")`;
      errors.push(describeProblem(`${field}.tls.certificate`, `${cert.namespace}/${cert.secretName}`,
        `certificate ${cert.node.path} writes its Secret into namespace "${cert.namespace}", but Istio reads credentialName from the gateway workload namespace "${this.workloadNamespace}" (istio/istio#27740)${this.workloadNamespaceGiven ? '' : '; workloadNamespace is not set, so it is taken to be the Gateway\'s own namespace'}`,
        this.workloadNamespaceGiven ? `${moveCertificate}, or correct workloadNamespace if the gateway pods run in "${cert.namespace}"` : `${setWorkload}, or else ${moveCertificate}`));
    }
    const certCluster = clusterOf(cert);
    const gwCluster = clusterOf(this);
    if (certCluster !== undefined && gwCluster !== undefined && certCluster !== gwCluster) {
      errors.push(describeProblem(`${field}.tls.certificate`, cert.node.path, `certificate is rendered for cluster "${certCluster}" but the gateway for cluster "${gwCluster}": Istio reads the Secret in its own cluster`,
        'create the Certificate in the same cluster as the gateway'));
    }
    const dnsNames = cert.dnsNames ?? [];
    const uncovered = server.hosts.map(gatewayHostName).filter((h) => !dnsNames.some((d) => dnsNameCovers(d, h)));
    if (uncovered.length > 0) {
      const star = uncovered.includes('*');
      errors.push(describeProblem(`${field}.hosts`, uncovered,
        `certificate ${cert.node.path} (dnsNames ${JSON.stringify(dnsNames)}) does not cover these server hosts: clients get a name mismatch`,
        star ? 'a host "*" cannot be covered by any certificate: list the served names (or "*.example.com") as hosts'
          : 'add the hosts to the certificate\'s dnsNames (a wildcard "*.example.com" covers exactly one label) or remove them from the server'));
    }
    return errors;
  }

  private toSpec(): istio.GatewaySpec {
    return {
      selector: { ...this.selector },
      servers: this._servers.map((s) => ({
        port: { number: s.port, name: s.portName, protocol: s.protocol },
        hosts: [...s.hosts],
        tls: s.tls?._toKube(),
      })),
    };
  }
}

class ImportedIstioGateway extends Construct implements IIstioGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly workloadNamespace: string;
  public readonly selector: { [key: string]: string };
  public readonly servers: GatewayServer[] = [];
  public readonly isImported: boolean = true;

  public constructor(scope: Construct, id: string, name: string, options: IstioGatewayImportOptions) {
    super(scope, id);
    const where = this;
    requireString(where, 'name', name, 'pass the Gateway name');
    const nameProblem = checkDns1123Label(name);
    if (nameProblem) fail(where, 'name', name, `Gateway name ${nameProblem}`, 'pass the name of an existing Istio Gateway');
    this.name = name;
    this.namespace = options.namespace ?? Chart.of(this).namespace ?? 'default';
    this.workloadNamespace = options.workloadNamespace ?? this.namespace;
    for (const [f, ns] of [['namespace', this.namespace], ['workloadNamespace', this.workloadNamespace]]) {
      const p = checkDns1123Label(ns);
      if (p) fail(where, f, ns, `namespace ${p}`, 'use a valid namespace name');
    }
    checkSelector(where, 'selector', options.selector, { required: true, fix: "select the gateway pods, e.g. { istio: 'ingressgateway' }" });
    this.selector = { ...(options.selector ?? DEFAULT_SELECTOR) };
  }

  public get qualifiedName(): string {
    return `${this.namespace}/${this.name}`;
  }
}
