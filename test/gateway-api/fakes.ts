// Test-only stand-ins for the cert-manager reference interfaces, so these tests do not
// depend on the cert-manager constructs (built in parallel).
import { Construct } from 'constructs';
import { ICertificate, IIssuer, IssuerReference, IssuerType } from '../../src/cert-manager/references';

export class FakeCertificate extends Construct implements ICertificate {
  public readonly secretName: string;
  public readonly namespace: string;
  public readonly dnsNames: string[];
  public readonly issuer?: IIssuer;

  public constructor(scope: Construct, id: string, props: { secretName: string; namespace: string; dnsNames: string[]; issuer?: IIssuer }) {
    super(scope, id);
    this.secretName = props.secretName;
    this.namespace = props.namespace;
    this.dnsNames = props.dnsNames;
    this.issuer = props.issuer;
  }
}

export class FakeIssuer extends Construct implements IIssuer {
  public readonly issuerRef: IssuerReference;
  public readonly issuerNamespace?: string;
  public readonly issuerType: IssuerType;
  public readonly acmeSolvers: any[];
  private readonly solves: (dnsName: string) => boolean;

  /** `solves` says which names the fake's solvers would serve (default: non-wildcards, like HTTP-01 only). */
  public constructor(scope: Construct, id: string, props: { name: string; kind: string; group?: string; namespace?: string; type?: IssuerType; solves?: (dnsName: string) => boolean }) {
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

/** Message of the error `fn` throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * Assert a library error message names the construct path, the field, the value and the fix:
 * `[path] problem (field: value) — fix`.
 */
export function expectMessage(message: string, parts: { path: string; field: string; value?: string; problem?: RegExp; fix: RegExp }): void {
  expect(message).toContain(`[${parts.path}]`);
  expect(message).toContain(`(${parts.field}: `);
  if (parts.value !== undefined) expect(message).toContain(`(${parts.field}: ${parts.value})`);
  if (parts.problem) expect(message).toMatch(parts.problem);
  expect(message).toMatch(/ — /);
  expect(message.split(' — ').slice(1).join(' — ')).toMatch(parts.fix);
}

/** Message of the validation error synthesizing `chart` reports. */
export function synthErrorOf(synth: () => unknown): string {
  const message = errorOf(synth);
  expect(message).toMatch(/^Validation failed/);
  return message;
}
