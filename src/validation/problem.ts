/** How serious a problem is. */
export enum ProblemSeverity {
  /** The cluster would reject the object, or issuance would silently fail: synth fails. */
  ERROR = 'error',
  /** Legal but dangerous, or depending on something outside the app: synth goes on. */
  WARNING = 'warning',
}

/**
 * One problem the library found, as data: where, which field, which value, what is wrong and
 * how to fix it. `message` is the same text the error or warning prints.
 */
export interface ValidationProblem {
  /** Error or warning. */
  readonly severity: ProblemSeverity;
  /**
   * Construct path of the construct that received the input (for manifests read from files:
   * the file and document).
   */
  readonly path: string;
  /** The field as the user wrote it, e.g. `dnsNames[0]` or `servers[1].tls.mode` (empty when the problem is about the whole construct). */
  readonly field: string;
  /** The value received, rendered as in the message (JSON; `unset` when missing). */
  readonly value: string;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The object the problem is about, as `Kind namespace/name` (`Kind name` when cluster-scoped).
   *
   * @default - the problem is about a construct's input, not one rendered object
   */
  readonly object?: string;
  /** `[path] problem (field: value) — fix`. */
  readonly message: string;
}
