import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { ICertificate } from '../cert-manager/references';
import { Resource, ResourceType } from '../core/resource';
import { factory, receive } from '../private/factory';
import { checkEnum, checkLabels, requireArray, requireString } from '../private/fields';
import { checkDns1123Label } from '../private/names';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { checkCredentialName, checkExportTo, checkIstioMetadata, checkNoEmptyStrings } from './private/checks';
import { checkServiceHost } from './private/hosts';
import './private/acme-destination-rule-checks';

const DESTINATION_RULE = ResourceType._of({ l1: istio.DestinationRule, mapper: istio.toJson_DestinationRuleProps, kind: 'DestinationRule', namespaced: true });

/** TLS mode for connections to the upstream (`trafficPolicy.tls.mode`). */
export enum ClientTlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS, verifying the server. */
  SIMPLE = 'SIMPLE',
  /** TLS with a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Istio mTLS with the mesh's workload certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Options shared by the TLS modes that verify the server. */
export interface ClientTlsOptions {
  /**
   * SNI sent to the upstream.
   *
   * @default - Istio's default (the host, for SIMPLE/MUTUAL with auto SNI)
   */
  readonly sni?: string;
  /**
   * Accepted server identities (SANs).
   *
   * @default - the server certificate is verified against the CA only
   */
  readonly subjectAltNames?: string[];
}

/** Options of `ClientTls.simple()`. */
export interface ClientSimpleTlsOptions extends ClientTlsOptions {
  /**
   * Certificate whose Secret holds the CA bundle (`ca.crt`) to verify the upstream with;
   * rendered as `credentialName`. The Secret must be in the namespace of the proxy that uses
   * this rule (egress gateway or client workload).
   *
   * @default - the proxy's system trust store
   */
  readonly caCertificate?: ICertificate;
  /**
   * Secret holding the CA bundle, for Secrets not created by this app.
   *
   * @default - see caCertificate
   */
  readonly credentialName?: string;
  /**
   * Do not verify the upstream's certificate (dangerous).
   *
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/**
 * TLS settings for connections to the upstream (`trafficPolicy.tls`). A wrong input is reported
 * by the DestinationRule receiving the value (its path, the field).
 */
export class ClientTls {
  /** Plain text to the upstream. */
  public static disable(): ClientTls {
    return factory('ClientTls.disable', ClientTls, () => new ClientTls(ClientTlsMode.DISABLE, {}));
  }

  /** Istio mTLS with the mesh's workload certificates. */
  public static istioMutual(options: ClientTlsOptions = {}): ClientTls {
    return factory('ClientTls.istioMutual', ClientTls, () => new ClientTls(ClientTlsMode.ISTIO_MUTUAL, checkClientOptions('ClientTls.istioMutual', options)));
  }

  /** TLS origination, verifying the upstream. */
  public static simple(options: ClientSimpleTlsOptions = {}): ClientTls {
    const where = 'ClientTls.simple';
    return factory(where, ClientTls, () => {
      const o = checkClientOptions(where, options);
      if (options.caCertificate !== undefined && options.credentialName !== undefined) {
        fail(where, 'credentialName', options.credentialName, 'caCertificate and credentialName both name the CA Secret', 'set one of them');
      }
      let credentialName = options.credentialName;
      if (options.caCertificate !== undefined) {
        checkCertificate(where, 'caCertificate', options.caCertificate);
        credentialName = options.caCertificate.secretName;
      }
      if (credentialName !== undefined) checkCredentialName(where, 'credentialName', credentialName, 'upstream-ca');
      if (options.insecureSkipVerify && (credentialName !== undefined || options.subjectAltNames !== undefined)) {
        fail(where, 'insecureSkipVerify', true, 'cannot specify a CA (caCertificate/credentialName) or subjectAltNames when insecureSkipVerify is set true', 'remove one of them');
      }
      return new ClientTls(ClientTlsMode.SIMPLE, { ...o, certificate: options.caCertificate, credentialName, insecureSkipVerify: options.insecureSkipVerify });
    });
  }

  /**
   * TLS origination with a client certificate written by cert-manager (`credentialName`).
   * The Secret must be in the namespace of the proxy that uses this rule.
   */
  public static mutual(certificate: ICertificate, options: ClientTlsOptions = {}): ClientTls {
    const where = 'ClientTls.mutual';
    return factory(where, ClientTls, () => {
      checkCertificate(where, 'certificate', certificate);
      checkCredentialName(where, 'certificate.secretName', certificate.secretName);
      return new ClientTls(ClientTlsMode.MUTUAL, { ...checkClientOptions(where, options), certificate, credentialName: certificate.secretName });
    });
  }

  /** TLS origination with a client certificate Secret not created by this app. */
  public static mutualFromCredentialName(credentialName: string, options: ClientTlsOptions = {}): ClientTls {
    const where = 'ClientTls.mutualFromCredentialName';
    return factory(where, ClientTls, () => {
      checkCredentialName(where, 'credentialName', credentialName);
      return new ClientTls(ClientTlsMode.MUTUAL, { ...checkClientOptions(where, options), credentialName });
    });
  }

  /** The TLS mode. */
  public readonly mode: ClientTlsMode;
  /** The certificate whose Secret is used, when it comes from this app. */
  public readonly certificate?: ICertificate;
  /** `credentialName`, when set. */
  public readonly credentialName?: string;
  /** SNI, when set. */
  public readonly sni?: string;
  /** Accepted server SANs, when set. */
  public readonly subjectAltNames?: string[];
  /** Whether verification is skipped. */
  public readonly insecureSkipVerify?: boolean;

  private constructor(mode: ClientTlsMode, o: { certificate?: ICertificate; credentialName?: string; sni?: string; subjectAltNames?: string[]; insecureSkipVerify?: boolean }) {
    this.mode = mode;
    this.certificate = o.certificate;
    this.credentialName = o.credentialName;
    this.sni = o.sni;
    this.subjectAltNames = o.subjectAltNames ? [...o.subjectAltNames] : undefined;
    this.insecureSkipVerify = o.insecureSkipVerify;
  }

  /** @internal */
  public _toKube(): istio.DestinationRuleSpecTrafficPolicyTls {
    return {
      mode: this.mode as unknown as istio.DestinationRuleSpecTrafficPolicyTlsMode,
      credentialName: this.credentialName,
      sni: this.sni,
      subjectAltNames: this.subjectAltNames,
      insecureSkipVerify: this.insecureSkipVerify,
    };
  }
}

function checkCertificate(where: string, field: string, certificate: ICertificate): void {
  if (certificate === null || typeof certificate !== 'object' || typeof certificate.secretName !== 'string') {
    fail(where, field, certificate, 'a cert-manager certificate (ICertificate) is required', 'pass a Certificate of this app, or use the credentialName variant');
  }
}

function checkClientOptions(where: string, options: ClientTlsOptions): ClientTlsOptions {
  if (options.sni !== undefined) {
    requireString(where, 'sni', options.sni, 'give the server name to send, e.g. "api.example.com"');
    if (/[\s/:]/.test(options.sni)) fail(where, 'sni', options.sni, 'an SNI is a bare host name', 'remove scheme, port and path');
  }
  checkNoEmptyStrings(where, 'subjectAltNames', options.subjectAltNames, 'list the accepted server identities');
  return { sni: options.sni, subjectAltNames: options.subjectAltNames };
}

/** Load-balancing algorithm (`loadBalancer.simple`). */
export enum LoadBalancerAlgorithm {
  /** Round robin. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Fewest active requests (Envoy's default in Istio). */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** Random. */
  RANDOM = 'RANDOM',
  /** Connect to the original destination address. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Traffic policy of a DestinationRule or subset; at least one field. */
export interface TrafficPolicy {
  /**
   * TLS to the upstream.
   *
   * @default - Istio's default (auto mTLS within the mesh)
   */
  readonly tls?: ClientTls;
  /**
   * Load-balancing algorithm.
   *
   * @default - LEAST_REQUEST
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
}

/** A named subset of the host's endpoints. */
export interface DestinationRuleSubset {
  /** Name (DNS-1123 label), referenced by route destinations. */
  readonly name: string;
  /**
   * Endpoint labels selecting the subset.
   *
   * @default - all endpoints
   */
  readonly labels?: { [key: string]: string };
  /**
   * Policy overriding the rule's for this subset.
   *
   * @default - the rule's traffic policy
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/** Props of `DestinationRule`. */
export interface DestinationRuleProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /** Service host the rule applies to, e.g. `shop.web.svc.cluster.local` or `api.example.com`. */
  readonly host: string;
  /**
   * Traffic policy.
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Subsets; more with `addSubset()`.
   *
   * @default - none
   */
  readonly subsets?: DestinationRuleSubset[];
  /**
   * Namespaces the rule is visible to.
   *
   * @default - all namespaces
   */
  readonly exportTo?: string[];
}

/**
 * An Istio `networking.istio.io/v1` DestinationRule: policies (TLS origination, load
 * balancing) for traffic to a host, and its subsets.
 */
export class DestinationRule extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The host. */
  public readonly host: string;
  /** The traffic policy, when set. */
  public readonly trafficPolicy?: TrafficPolicy;

  private readonly _subsets: DestinationRuleSubset[] = [];
  private readonly exportTo?: string[];

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    if (props === null || typeof props !== 'object') {
      fail(scope.node.path ? `${scope.node.path}/${id}` : id, 'props', props, 'DestinationRule needs props with host', 'pass { host: "shop.web.svc.cluster.local" }');
    }
    super(scope, id, DESTINATION_RULE, props.metadata);
    checkIstioMetadata(this, props.metadata, 'DestinationRule');
    this.namespace = this.apiObject.metadata.namespace!;
    requireString(this, 'host', props.host, 'name the Service host, e.g. "shop.web.svc.cluster.local"');
    const p = checkServiceHost(props.host);
    if (p) fail(this, 'host', props.host, p.problem, p.fix);
    this.host = props.host;
    if (props.trafficPolicy !== undefined) this.checkPolicy('trafficPolicy', props.trafficPolicy);
    this.trafficPolicy = props.trafficPolicy;
    checkExportTo(this, 'exportTo', props.exportTo, this.namespace);
    this.exportTo = props.exportTo ? [...props.exportTo] : undefined;
    requireArray(this, 'subsets', props.subsets, { fix: 'pass a list of subsets' }).forEach((s) => this.addSubset(s));
  }

  /** The subsets. */
  public get subsets(): DestinationRuleSubset[] {
    return [...this._subsets];
  }

  /** Add a subset. */
  public addSubset(subset: DestinationRuleSubset): void {
    const f = `subsets[${this._subsets.length}]`;
    if (subset === null || typeof subset !== 'object') fail(this, f, subset, 'must be { name, labels }', 'pass e.g. { name: "v1", labels: { version: "v1" } }');
    requireString(this, `${f}.name`, subset.name, 'name the subset, e.g. "v1"');
    const np = checkDns1123Label(subset.name);
    if (np) fail(this, `${f}.name`, subset.name, `subset name ${np}`, 'use a DNS-1123 label, e.g. "v1"');
    if (this._subsets.some((s) => s.name === subset.name)) fail(this, `${f}.name`, subset.name, 'duplicate subset names', 'give each subset its own name');
    checkLabels(this, `${f}.labels`, subset.labels);
    if (subset.trafficPolicy !== undefined) this.checkPolicy(`${f}.trafficPolicy`, subset.trafficPolicy);
    this._subsets.push({ ...subset });
  }

  private checkPolicy(field: string, policy: TrafficPolicy): void {
    if (policy !== null && typeof policy === 'object') receive(this, `${field}.tls`, policy.tls);
    if (policy === null || typeof policy !== 'object' || (policy.tls === undefined && policy.loadBalancer === undefined)) {
      fail(this, field, policy, 'traffic policy must have at least one field', 'set tls or loadBalancer, or omit trafficPolicy');
    }
    if (policy.tls !== undefined && !(policy.tls instanceof ClientTls)) fail(this, `${field}.tls`, policy.tls, 'must be a ClientTls', 'use ClientTls.simple(), mutual(), istioMutual() or disable()');
    if (policy.loadBalancer !== undefined) checkEnum(this, `${field}.loadBalancer`, policy.loadBalancer, LoadBalancerAlgorithm, 'LoadBalancerAlgorithm');
    const cert = policy.tls?.certificate;
    if (cert !== undefined && cert.namespace !== this.namespace) {
      Warnings.add(this, `${field}.tls uses certificate ${cert.node.path} from namespace "${cert.namespace}": Istio reads credentialName from the namespace of the proxy applying this rule (here likely "${this.namespace}") — create the Certificate there`);
    }
    if (policy.tls?.insecureSkipVerify) Warnings.add(this, `${field}.tls.insecureSkipVerify is true: the upstream's certificate is not verified`);
  }

  /** @internal */
  protected _toSpec(): istio.DestinationRuleSpec {
    const policy = (p?: TrafficPolicy) => p && {
      tls: p.tls?._toKube(),
      loadBalancer: p.loadBalancer ? { simple: p.loadBalancer as unknown as istio.DestinationRuleSpecTrafficPolicyLoadBalancerSimple } : undefined,
    };
    return {
      host: this.host,
      trafficPolicy: policy(this.trafficPolicy),
      subsets: this._subsets.length ? this._subsets.map((s) => ({ name: s.name, labels: s.labels, trafficPolicy: policy(s.trafficPolicy) as any })) : undefined,
      exportTo: this.exportTo,
    };
  }
}
