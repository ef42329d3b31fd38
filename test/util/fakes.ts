// Test-only stand-ins for the cert-manager reference interfaces, so tests of the constructs that
// consume certificates and issuers (Istio, Gateway API, trust) do not depend on the
// cert-manager constructs.
import { Construct } from 'constructs';
import { ICertificate, IIssuer, IssuerReference, IssuerType } from '../../src/cert-manager/references';

export interface FakeCertificateProps {
  /** Default: `<id in lower case>-tls`. */
  readonly secretName?: string;
  /** Default: `istio-system`. */
  readonly namespace?: string;
  /** Default: `['shop.example.com']`. */
  readonly dnsNames?: string[];
  /** Default: none (issuer unknown). */
  readonly issuer?: IIssuer;
}

/** A Construct implementing ICertificate with just the fields the consuming constructs read. */
export class FakeCertificate extends Construct implements ICertificate {
  public readonly secretName: string;
  public readonly namespace: string;
  public readonly dnsNames: string[];
  public readonly issuer?: IIssuer;

  public constructor(scope: Construct, id: string, props: FakeCertificateProps = {}) {
    super(scope, id);
    this.secretName = props.secretName ?? `${id.toLowerCase()}-tls`;
    this.namespace = props.namespace ?? 'istio-system';
    this.dnsNames = props.dnsNames ?? ['shop.example.com'];
    this.issuer = props.issuer;
  }
}

export interface FakeIssuerProps {
  readonly name: string;
  readonly kind: string;
  /** Default: `cert-manager.io`. */
  readonly group?: string;
  /** Namespace of a namespaced issuer. */
  readonly namespace?: string;
  /** Default: ACME. */
  readonly type?: IssuerType;
  /** Which names the fake's solvers would serve (default: non-wildcards, like HTTP-01 only). */
  readonly solves?: (dnsName: string) => boolean;
}

/** A Construct implementing IIssuer; an ACME fake has one opaque solver. */
export class FakeIssuer extends Construct implements IIssuer {
  public readonly issuerRef: IssuerReference;
  public readonly issuerNamespace?: string;
  public readonly issuerType: IssuerType;
  public readonly acmeSolvers: any[];
  private readonly solves: (dnsName: string) => boolean;

  public constructor(scope: Construct, id: string, props: FakeIssuerProps) {
    super(scope, id);
    this.issuerRef = { name: props.name, kind: props.kind, group: props.group ?? 'cert-manager.io' };
    this.issuerNamespace = props.namespace;
    this.issuerType = props.type ?? IssuerType.ACME;
    this.acmeSolvers = this.issuerType === IssuerType.ACME ? [{ fake: true }] : [];
    this.solves = props.solves ?? ((n) => !n.startsWith('*.'));
  }

  public solverFor(dnsName: string): any {
    return this.issuerType === IssuerType.ACME && this.solves(dnsName) ? this.acmeSolvers[0] : undefined;
  }
}
