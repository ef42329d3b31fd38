// How `check` prints what it found: one line per problem, JSON, or SARIF 2.1.0 for code
// scanning. Not part of the library's API.
import { CheckResult, Finding, locationOf } from './check';

/** The output formats of `check --format`. */
export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = typeof FORMATS[number];

/** `file#doc Kind ns/name: error: field (value): problem — fix [check]`. */
export function findingLine(f: Finding): string {
  const where = [locationOf(f), f.object].filter((x) => x).join(' ');
  const field = f.field ? `${f.field} (${f.value}): ` : '';
  const fix = f.fix ? ` — ${f.fix}` : '';
  return `${where ? `${where}: ` : ''}${f.severity}: ${field}${f.problem}${fix} [${f.check}]`;
}

/** The report as text: problems, then a summary line. */
export function formatText(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const lines = result.findings.map(findingLine);
  lines.push(`${result.objects} objects checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

/** Where facts not in the manifests came from, one line each (printed to stderr with text output). */
export function formatNotes(result: CheckResult): string {
  return result.notes.map((n) => `note: ${[locationOf(n), n.object].filter((x) => x).join(' ')}: ${n.note}\n`).join('');
}

/** The report as JSON: `{ objects, errors, warnings, findings, notes }`. */
export function formatJson(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return JSON.stringify({
    objects: result.objects,
    errors,
    warnings: result.findings.length - errors,
    findings: result.findings.map((f) => ({
      severity: f.severity,
      check: f.check,
      ...(f.source ? { file: f.source.file, document: f.source.document, line: f.source.line } : {}),
      ...(f.object ? { object: f.object } : {}),
      field: f.field,
      value: f.value,
      problem: f.problem,
      fix: f.fix,
    })),
    notes: result.notes.map((n) => ({ ...(n.source ? { file: n.source.file, document: n.source.document } : {}), object: n.object, note: n.note })),
  }, undefined, 2) + '\n';
}

/** The report as a SARIF 2.1.0 log (one run; rules are the checks that found something). */
export function formatSarif(result: CheckResult, version: string): string {
  const rules = [...new Set(result.findings.map((f) => f.check))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-istio-tls',
          version,
          informationUri: 'https://github.com/cdk8s-istio-tls/cdk8s-istio-tls#check-manifests-you-did-not-write-with-cdk8s',
          rules: rules.map((id) => ({ id, name: id, shortDescription: { text: `cdk8s-istio-tls check ${id}` } })),
        },
      },
      results: result.findings.map((f) => ({
        ruleId: f.check,
        ruleIndex: rules.indexOf(f.check),
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: `${f.object ? `${f.object}: ` : ''}${f.field ? `${f.field} (${f.value}): ` : ''}${f.problem}${f.fix ? ` — ${f.fix}` : ''}` },
        locations: f.source ? [{
          physicalLocation: { artifactLocation: { uri: f.source.file.split('\\').join('/') }, region: { startLine: f.source.line } },
          ...(f.object ? { logicalLocations: [{ fullyQualifiedName: f.object, kind: 'object' }] } : {}),
        }] : [],
      })),
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: result.notes.map((n) => ({
          level: 'note',
          message: { text: `${n.object}: ${n.note}` },
          ...(n.source ? { locations: [{ physicalLocation: { artifactLocation: { uri: n.source.file.split('\\').join('/') }, region: { startLine: n.source.line } } }] } : {}),
        })),
      }],
    }],
  };
  return JSON.stringify(log, undefined, 2) + '\n';
}
