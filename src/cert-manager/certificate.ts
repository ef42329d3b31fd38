import { ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { AcmeSolver } from './acme-solver';
import { CertificateProps } from './certificate-options';
import { IssuerBase } from './issuer-base';
import { certificateFacts } from './private/certificate-facts';
import { checkCertificateInput, checkCertificateIssuer, renderCertificateSpec } from './private/certificate-input';
import './private/certificate-checks';
import { ICertificate, IIssuer } from './references';

export * from './certificate-options';

const CERTIFICATE = ResourceType._of({ l1: cm.Certificate, mapper: cm.toJson_CertificateProps, kind: 'Certificate', namespaced: true });

const TEMPORARY_CERTIFICATE_ANNOTATION = 'cert-manager.io/issue-temporary-certificate';

/**
 * A cert-manager Certificate: cert-manager keeps a signed key pair in `secretName`, renewing it
 * before expiry.
 *
 * Checked at synth: a namespaced Issuer is in the Certificate's namespace and cluster; for ACME
 * issuers every name has a solver cert-manager would select (wildcards a DNS-01 one); no other
 * Certificate writes the same Secret or has the same name.
 *
 * @example
 * const letsEncrypt = certManager.ClusterIssuer.fromClusterIssuerName(chart, 'LetsEncrypt', 'letsencrypt-production');
 * new certManager.Certificate(chart, 'Shop', {
 *   // an Istio gateway reads its certificate in the namespace of the gateway pods
 *   metadata: { name: 'shop', namespace: 'istio-system' },
 *   issuer: letsEncrypt,
 *   dnsNames: ['shop.example.com', 'www.shop.example.com'],
 *   secretName: 'shop-tls',
 *   renewBefore: Duration.days(30),
 * });
 */
export class Certificate extends Resource implements ICertificate {
  /** Namespace of the Certificate and its Secret. */
  public readonly namespace: string;
  /** Secret cert-manager writes. */
  public readonly secretName: string;
  /** DNS names. */
  public readonly dnsNames: string[];
  /** IP addresses. */
  public readonly ipAddresses: string[];
  /** Common name, if any. */
  public readonly commonName?: string;
  /**
   * The issuer (always set for a Certificate; optional only because `ICertificate.issuer` is,
   * and jsii forbids narrowing it).
   */
  public readonly issuer?: IIssuer;
  /** Whether the temporary-certificate annotation is set. */
  public readonly temporaryCertificate: boolean;
  /** Requested lifetime, if set. */
  public readonly duration?: Duration;

  private readonly issuerOf: IIssuer;
  private readonly spec: cm.CertificateSpec;

  public constructor(scope: Construct, id: string, props: CertificateProps) {
    const p = props ?? ({} as CertificateProps);
    const metadata = metadataOf(p);
    super(scope, id, CERTIFICATE, metadata);
    this.issuerOf = checkCertificateIssuer(this, p.issuer);
    this.issuer = this.issuerOf;
    this.namespace = this.apiObject.metadata.namespace!;
    // from the rendered annotation: it may also come from metadata.annotations
    this.temporaryCertificate = metadata.annotations?.[TEMPORARY_CERTIFICATE_ANNOTATION] === 'true';
    const input = checkCertificateInput(this, p, `${this.name}-tls`);
    this.secretName = input.secretName;
    this.dnsNames = input.dnsNames;
    this.ipAddresses = input.ipAddresses;
    this.commonName = p.commonName;
    this.duration = p.duration;
    this.spec = renderCertificateSpec(this.issuerOf, p, input);
  }

  /** @internal */
  protected _toSpec(): cm.CertificateSpec {
    return this.spec;
  }

  /** Where the issuer it was given lives (`spec.issuerRef` only names it). @internal */
  public _facts(): Facts {
    return certificateFacts(this.issuerOf);
  }

  /** `spec.issuerRef` comes from the `issuer` prop. @internal */
  public _displayField(wireField: string): string | undefined {
    return wireField === 'spec.issuerRef' || wireField.startsWith('spec.issuerRef.') ? 'issuer' : undefined;
  }

  /**
   * The labels the Certificate is rendered with (its own and the chart's): what ACME solvers'
   * `selector.matchLabels` are matched against.
   */
  public get labels(): { [key: string]: string } {
    const labels = this.apiObject.metadata.toJson().labels as { [key: string]: string } | undefined;
    return { ...(labels ?? {}) };
  }

  /**
   * The solver the issuer selects for `dnsName` with this Certificate's labels (for the
   * patterns that own Certificates; the whole-app checks select over the wire form).
   * @internal
   */
  public _solverFor(dnsName: string): AcmeSolver | undefined {
    const issuer = this.issuerOf;
    return issuer instanceof IssuerBase
      ? issuer._solverForLazyLabels(dnsName, () => this.labels)
      : issuer.solverFor(dnsName, this.labels);
  }
}

/** The metadata as given, plus the temporary-certificate annotation when asked for. */
function metadataOf(p: CertificateProps): ApiObjectMetadata {
  const annotations = { ...(p.metadata?.annotations ?? {}) };
  if (p.temporaryCertificate) annotations[TEMPORARY_CERTIFICATE_ANNOTATION] = 'true';
  return { ...p.metadata, annotations: Object.keys(annotations).length ? annotations : undefined };
}
