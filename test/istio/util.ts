// Test helpers for the Istio constructs: a minimal ICertificate (so these tests do not depend
// on the cert-manager constructs) and assertions on the library's error format.
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ICertificate, IIssuer, IssuerType } from '../../src/cert-manager/references';
import { Errors } from '../../src';
import { validateManifests } from '../util/schema';

export interface FakeCertificateProps {
  readonly namespace?: string;
  readonly secretName?: string;
  readonly dnsNames?: string[];
  readonly issuerType?: IssuerType;
}

/** A Construct implementing ICertificate with just the fields the Istio constructs read. */
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
    if (props.issuerType) {
      const issuerScope = new Construct(this, 'Issuer');
      this.issuer = Object.assign(issuerScope, {
        issuerRef: { name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        issuerType: props.issuerType,
      }) as unknown as IIssuer;
    }
  }
}

/** A fresh app and chart (namespace given or none). */
export function setup(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', namespace ? { namespace } : {});
  return { app, chart };
}

/** Synthesized documents of the chart, after checking them against the upstream schemas. */
export function synthValid(chart: Chart): any[] {
  const docs = Testing.synth(chart);
  expect(validateManifests(docs)).toEqual([]);
  return docs;
}

/** Runs the synth-time validations of the whole app; returns the error message or ''. */
export function synthErrors(app: App): string {
  try {
    app.synthYaml();
    return '';
  } catch (e: any) {
    return String(e.message);
  }
}

export interface Expected {
  /** Construct path inside brackets. */
  readonly path: string;
  /** Field as written in the message. */
  readonly field: string;
  /** Value (JSON-rendered substring). */
  readonly value?: string;
  /** Substring of the problem. */
  readonly problem?: string | RegExp;
  /** Substring of the fix. */
  readonly fix: string;
}

/** Asserts `fn` throws the library's error naming path, field, value and fix. */
export function expectFail(fn: () => unknown, e: Expected): void {
  let err: any;
  try {
    fn();
  } catch (x) {
    err = x;
  }
  expect(err).toBeDefined();
  expect(Errors.isValidationError(err)).toBe(true);
  checkMessage(String(err.message), e);
}

/** Asserts a message of the library's form. */
export function checkMessage(message: string, e: Expected): void {
  expect(message).toContain(`[${e.path}]`);
  expect(message).toContain(`(${e.field}: ${e.value ?? ''}`);
  expect(message).toContain(`— ${e.fix}`);
  if (typeof e.problem === 'string') expect(message).toContain(e.problem);
  else if (e.problem) expect(message).toMatch(e.problem);
}

/** Asserts the app fails synth with a message naming path, field, value and fix. */
export function expectSynthFail(app: App, e: Expected): void {
  const message = synthErrors(app);
  expect(message).toContain('Validation failed');
  checkMessage(message, e);
}
