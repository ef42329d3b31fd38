// `check`: the whole-app checks of a synth over manifests read from files. The same model and
// the same registered checks as `cdk8s synth` (loading the package registers every family's).
// Not part of the library's API.
import '../index';
import { checkManifestModel, ManifestDocument, modelFromManifests, sourcePath } from '../core/manifests';
import { describeObject, ManifestSettings, ManifestSource } from '../core/model';
import { formatValue } from '../validation/error';
import { ProblemSeverity } from '../validation/problem';

/** One problem found, with where it is. */
export interface Finding {
  readonly severity: ProblemSeverity;
  /** The registered check that found it (`manifests/shape` for documents that are not objects). */
  readonly check: string;
  /** The file and document, when the problem is about one object. */
  readonly source?: ManifestSource;
  /** `Kind namespace/name`. */
  readonly object?: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

/** Where a fact not in the manifests was taken from. */
export interface Note {
  readonly source?: ManifestSource;
  readonly object: string;
  readonly note: string;
}

/** What checking found. */
export interface CheckResult {
  /** Objects checked. */
  readonly objects: number;
  readonly findings: Finding[];
  readonly notes: Note[];
}

/** Check `documents` together, as one app. */
export function checkManifests(documents: ManifestDocument[], settings: ManifestSettings): CheckResult {
  const { model, notes, folderNotes, shapeProblems } = modelFromManifests(documents, settings);
  const findings: Finding[] = shapeProblems.map((p) => ({
    severity: ProblemSeverity.ERROR, check: 'manifests/shape', source: p.source, field: p.field, value: formatValue(p.value), problem: p.problem, fix: p.fix,
  }));
  const byPath = new Map(model.objects.map((o) => [o.path, o]));
  for (const r of checkManifestModel(model)) {
    const o = byPath.get(r.problem.path);
    findings.push({
      severity: r.problem.severity,
      check: r.check ?? 'unknown',
      source: o?.source,
      object: r.problem.object ?? (o ? describeObject(o) : undefined),
      field: r.problem.field,
      value: r.problem.value,
      problem: r.problem.problem,
      fix: r.problem.fix,
    });
  }
  return {
    objects: model.objects.length,
    findings,
    notes: [
      ...folderNotes.map((n) => ({ object: `folder ${n.folder}`, note: n.note })),
      ...notes.map((n) => ({ source: n.object.source, object: describeObject(n.object), note: n.note })),
    ],
  };
}

/** `file#document` of a finding or note ('' when it is about no one object). */
export function locationOf(x: { source?: ManifestSource }): string {
  return x.source ? sourcePath(x.source) : '';
}
