import { IConstruct } from 'constructs';
import { pathOf, problem } from './error';
import { ProblemSeverity, ValidationProblem } from './problem';

/** Metadata type under which warnings are recorded on construct nodes. */
export const WARNING_METADATA_TYPE = 'cdk8s-istio-tls:warning';

/**
 * Warnings: what is legal but dangerous. They never fail synth; `Warnings.collect()` lists
 * them as text, `Warnings.problemsOf()` as data (the synth summary and `cdk8s synth` print them).
 */
export class Warnings {
  /**
   * Record a warning on a construct (once: the same text twice is one warning).
   *
   * @param scope the construct the warning is about
   * @param message what is dangerous and how to avoid it
   */
  public static add(scope: IConstruct, message: string): void {
    record(scope, problem(ProblemSeverity.WARNING, pathOf(scope), '', '', message, ''));
  }

  /**
   * All warnings recorded in the tree below `scope`, as `[path] message`, in tree order.
   */
  public static collect(scope: IConstruct): string[] {
    return Warnings.problemsOf(scope).map((p) => p.message);
  }

  /**
   * All warnings recorded in the tree below `scope`, as data, in tree order.
   */
  public static problemsOf(scope: IConstruct): ValidationProblem[] {
    const out: ValidationProblem[] = [];
    for (const c of scope.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type === WARNING_METADATA_TYPE) out.push(entry.data as ValidationProblem);
      }
    }
    return out;
  }

  private constructor() {}
}

/**
 * Record a structured warning on `scope` unless the same message is recorded there already
 * (whole-app checks run again on every synth of the app).
 */
export function record(scope: IConstruct, p: ValidationProblem): void {
  if (scope.node.metadata.some((m) => m.type === WARNING_METADATA_TYPE && (m.data as ValidationProblem).message === p.message)) return;
  scope.node.addMetadata(WARNING_METADATA_TYPE, p);
}

/** Record a warning `[path] problem (field: value) — fix` on `scope`. */
export function warn(scope: IConstruct, field: string, value: unknown, what: string, fix: string): void {
  record(scope, problem(ProblemSeverity.WARNING, pathOf(scope), field, value, what, fix));
}
