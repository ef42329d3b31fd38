// Helpers for the MeshCa tests.
import { App, Chart, Testing } from 'cdk8s';
import { Errors } from '../../src/validation';
import { validateManifests } from '../util/schema';

/** A fresh app and a chart named `test`. */
export function newChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test') };
}

/** Synthesize, check every document against the upstream schemas and for key material, return the documents. */
export function synthValid(chart: Chart): any[] {
  const docs = Testing.synth(chart);
  expect(validateManifests(docs)).toEqual([]);
  expect(JSON.stringify(docs)).not.toMatch(/PRIVATE KEY/);
  return docs;
}

/** The single document of `kind` (and `name`). */
export function doc(docs: any[], kind: string, name?: string): any {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}: ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`);
  return found[0];
}

export function wave(d: any): number {
  return Number(d.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
}

export interface Expected {
  readonly path: string;
  readonly field: string;
  readonly value?: string;
  readonly problem?: RegExp;
  readonly fix: RegExp;
}

/** A message of the shape `[path] problem (field: value) — fix`. */
export function expectMessage(message: string, e: Expected): void {
  expect(message).toContain(`[${e.path}]`);
  expect(message).toContain(`(${e.field}: `);
  if (e.value !== undefined) expect(message).toContain(`(${e.field}: ${e.value})`);
  if (e.problem) expect(message).toMatch(e.problem);
  expect(message.split(' — ').slice(1).join(' — ')).toMatch(e.fix);
}

/** `fn` throws the library's error with the expected parts. */
export function expectFailure(fn: () => unknown, e: Expected): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error('expected an error, none was thrown');
  expect(Errors.isValidationError(thrown)).toBe(true);
  expectMessage((thrown as Error).message, e);
}

/** Synthesizing `chart` fails validation with a line carrying the expected parts; returns the whole message. */
export function expectSynthFailure(chart: Chart, e: Expected): string {
  let message = '';
  try {
    Testing.synth(chart);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/^Validation failed/);
  const line = message.split('\n').find((l) => l.includes(`[${e.path}]`) && l.includes(`(${e.field}: `));
  if (!line) throw new Error(`no validation error for [${e.path}] (${e.field}: ...) in:\n${message}`);
  expectMessage(line, e);
  return message;
}

/** Self-signed test CA certificates (public parts only; their keys were discarded). */
export const ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBjTCCATOgAwIBAgIUKz5K6c0aG3FmKrNs+xSoy6WKyvswCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJdGVzdC1yb290MB4XDTI2MTEyMzE3NDMxN1oXDTM2MTEyMDE3
NDMxN1owFDESMBAGA1UEAwwJdGVzdC1yb290MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEWeGizG8hSkr0q9W4thBNRe8yOTiZu9z1pyJdq5yuTf0qHha0rU6mg0gX
IohD7VuqqBMeFMTD/NmuIgSaQ+d+YKNjMGEwHQYDVR0OBBYEFOUBS0h+bnbumBnX
NcY8V3WEb7ojMB8GA1UdIwQYMBaAFOUBS0h+bnbumBnXNcY8V3WEb7ojMA8GA1Ud
EwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0gAMEUCIQDj
XMsQrgj9Ikxrt3Lm0tyDfNl38QAK0ygZHyJkU8q+CwIgYe6BlcAqEYeFGOmxAa2S
G+kx/53TjzDoPkZ2EqD00fw=
-----END CERTIFICATE-----`;
export const NEW_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIURMdJ8w9epVbofkIb5YZIguGH+jMwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLdGVzdC1yb290LTIwHhcNMjYxMTIzMTc0MzE3WhcNMzYxMTIw
MTc0MzE3WjAWMRQwEgYDVQQDDAt0ZXN0LXJvb3QtMjBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABBAaQ8jaVxgyDl8Jch6b2DaPA3T3ZmuU168PBdIIefP/xsIRVzbT
nvT+wjV7QfuvGv/3A5OWq48liIYFOq9pCd6jYzBhMB0GA1UdDgQWBBQwvGnsOVT6
I1piVhy4NmIV6vfklDAfBgNVHSMEGDAWgBQwvGnsOVT6I1piVhy4NmIV6vfklDAP
BgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNIADBF
AiEAyPujuqZcEY6CMcu4ZZJlmG5BDhxty+0cepvfR0WfZCoCIFBYqN7qplltCfae
6usSo9Rlt1VrW2U0aCzqlwIVjKX8
-----END CERTIFICATE-----`;
