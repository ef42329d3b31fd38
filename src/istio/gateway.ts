import { ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { declareToModel } from '../core/declare';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { receive } from '../private/factory';
import { checkNamespaceName, requireArray, requireString } from '../private/fields';
import { checkDns1123Label } from '../private/names';
import { expectType, optionalProps } from '../private/types';
import { fail } from '../validation/error';
import { GatewayHttpServerOptions, GatewayHttpsServerOptions, GatewayProtocol, GatewayServer, GatewayServerOptions } from './gateway-server';
import { GatewayTls } from './gateway-tls';
import { checkIstioMetadata, checkSelector } from './private/checks';
import './private/gateway-checks';
import './private/gateway-conflicts';
import { gatewayFacts, NETWORKING } from './private/gateway-facts';
import { GatewayServers } from './private/gateway-servers';

const GATEWAY = ResourceType._of({ l1: istio.Gateway, mapper: istio.toJson_GatewayProps, kind: 'Gateway', namespaced: true, nameRule: 'label' });

/** The default selector: the ingress gateway of a default Istio installation. */
const DEFAULT_SELECTOR = { istio: 'ingressgateway' };
const SELECTOR_FIX = "select the gateway pods, e.g. { istio: 'ingressgateway' }";

/** An Istio Gateway that VirtualServices can bind to. */
export interface IGateway extends IConstruct {
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
   * True for gateways referenced with `Gateway.fromGatewayName()`: their servers are
   * unknown, so host checks against them are skipped.
   */
  readonly isImported: boolean;
}

/** Options for `Gateway.fromGatewayName()`. */
export interface GatewayImportOptions {
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

/** Props of `Gateway`. */
export interface GatewayProps {
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
 *
 * @example
 * const issuer = certManager.ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'letsencrypt-production');
 * // in the namespace of the gateway pods, where Istio reads the Secret
 * const certificate = new certManager.Certificate(chart, 'ShopCertificate', {
 *   metadata: { namespace: 'istio-system' },
 *   issuer,
 *   dnsNames: ['shop.example.com'],
 * });
 * const gateway = new istio.Gateway(chart, 'Shop', {
 *   metadata: { namespace: 'shop' },
 *   selector: { istio: 'ingressgateway' },
 *   workloadNamespace: 'istio-system',
 * });
 * gateway.addHttpServer({ hosts: ['shop.example.com'], httpsRedirect: true });
 * gateway.addHttpsServer({ tls: istio.GatewayTls.simple(certificate) }); // hosts: the certificate's
 */
export class Gateway extends Resource implements IGateway {
  /** Reference a Gateway defined outside this app (its servers are unknown). */
  public static fromGatewayName(scope: Construct, id: string, name: string, options: GatewayImportOptions = {}): IGateway {
    return new ImportedIstioGateway(scope, id, name, options);
  }

  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Namespace of the gateway pods, where credential Secrets are read. */
  public readonly workloadNamespace: string;
  /** Labels selecting the gateway pods. */
  public readonly selector: { [key: string]: string };
  /** Always false: this gateway is defined in the app. */
  public readonly isImported: boolean = false;

  private readonly _servers: GatewayServers;
  /** Whether workloadNamespace was given (else it defaults to the Gateway's namespace). */
  private readonly workloadNamespaceGiven: boolean;

  public constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    props = optionalProps(pathIn(scope, id), props);
    super(scope, id, GATEWAY, props.metadata);
    checkIstioMetadata(this, props.metadata, 'Gateway');
    this.namespace = this.apiObject.metadata.namespace!;
    this.workloadNamespace = props.workloadNamespace === undefined ? this.namespace : checkNamespaceName(this, 'workloadNamespace', props.workloadNamespace);
    this.workloadNamespaceGiven = props.workloadNamespace !== undefined;
    checkSelector(this, 'selector', props.selector, { required: true, fix: SELECTOR_FIX });
    this.selector = { ...(props.selector ?? DEFAULT_SELECTOR) };
    this._servers = new GatewayServers(this);
    requireArray(this, 'servers', props.servers, { fix: 'pass a list of servers' }).forEach((s) => this.addServer(s));
  }

  /** `namespace/name`, as written in VirtualService `gateways`. */
  public get qualifiedName(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** The servers, in order. */
  public get servers(): GatewayServer[] {
    return this._servers.all;
  }

  /**
   * Add a server (port, protocol, hosts, TLS).
   *
   * @returns the server as it will be rendered
   */
  public addServer(options: GatewayServerOptions): GatewayServer {
    return this._servers.add(options);
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
    const tls = receive(this, `${f}.tls`, options?.tls);
    if (!(tls instanceof GatewayTls)) fail(this, `${f}.tls`, tls, 'an HTTPS server needs TLS settings', 'pass tls: GatewayTls.simple(certificate)');
    expectType(this, `${f}.hosts`, options.hosts, 'string[]');
    let hosts = options.hosts;
    if (hosts === undefined) {
      hosts = tls.certificate?.dnsNames;
      if (hosts === undefined || hosts.length === 0) {
        fail(this, `${f}.hosts`, hosts, 'hosts can only be taken from the certificate when it has dnsNames', 'pass hosts explicitly');
      }
    }
    return this.addServer({ port: options.port ?? 443, protocol: GatewayProtocol.HTTPS, hosts: [...hosts], tls, portName: options.portName });
  }

  /**
   * Add hosts to the server named `portName` (hosts it already has are skipped).
   *
   * Hosts that share a certificate belong in one server: Istio gives every HTTPS server its
   * own route table behind its own SNI filter chain, so a browser reusing an HTTP/2 connection
   * opened for a host of one server gets 404 for the hosts of another server with the same
   * certificate (warned about at synth).
   *
   * @param portName `port.name` of the server
   * @param hosts hosts to add (see `GatewayServerOptions.hosts`)
   * @returns the server as it will now be rendered
   */
  public addServerHosts(portName: string, hosts: string[]): GatewayServer {
    return this._servers.addHosts(portName, hosts);
  }

  /** @internal */
  protected _toSpec(): istio.GatewaySpec {
    return {
      selector: { ...this.selector },
      servers: this._servers.all.map((s) => ({
        port: { number: s.port, name: s.portName, protocol: s.protocol },
        hosts: [...s.hosts],
        tls: s.tls?._toKube(),
      })),
    };
  }

  /** @internal */
  public _facts(): Facts {
    return gatewayFacts({ workloadNamespace: this.workloadNamespace, workloadNamespaceGiven: this.workloadNamespaceGiven });
  }

  /**
   * `spec.servers[i].tls.credentialName` is the `certificate` prop for servers whose TLS names a
   * Certificate of the app (`GatewayTls.simple(certificate)`).
   *
   * @internal
   */
  public _displayField(wireField: string): string | undefined {
    const m = /^spec\.servers\[(\d+)\]\.tls\.credentialName$/.exec(wireField);
    if (m && this._servers.at(Number(m[1]))?.certificate !== undefined) return `servers[${m[1]}].tls.certificate`;
    return undefined;
  }
}

/** `scope/id`, for problems found before the construct exists. */
function pathIn(scope: Construct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** A Gateway defined outside the app: a stand-in in the app's model (its servers are unknown). */
class ImportedIstioGateway extends Construct implements IGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly workloadNamespace: string;
  public readonly selector: { [key: string]: string };
  public readonly servers: GatewayServer[] = [];
  public readonly isImported: boolean = true;

  public constructor(scope: Construct, id: string, name: string, options: GatewayImportOptions) {
    super(scope, id);
    options = optionalProps(this, options);
    requireString(this, 'name', name, 'pass the Gateway name');
    const nameProblem = checkDns1123Label(name);
    if (nameProblem) fail(this, 'name', name, `Gateway name ${nameProblem}`, 'pass the name of an existing Istio Gateway');
    this.name = name;
    this.namespace = checkNamespaceName(this, 'namespace', options.namespace ?? Chart.of(this).namespace ?? 'default');
    this.workloadNamespace = checkNamespaceName(this, 'workloadNamespace', options.workloadNamespace ?? this.namespace);
    checkSelector(this, 'selector', options.selector, { required: true, fix: SELECTOR_FIX });
    this.selector = { ...(options.selector ?? DEFAULT_SELECTOR) };
    declareToModel(this, {
      externals: () => [{
        apiVersion: `${NETWORKING}/v1`,
        kind: 'Gateway',
        name: this.name,
        namespace: this.namespace,
        facts: gatewayFacts({ workloadNamespace: this.workloadNamespace, selector: this.selector }),
      }],
    });
  }

  public get qualifiedName(): string {
    return `${this.namespace}/${this.name}`;
  }
}
