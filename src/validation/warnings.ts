import { IConstruct } from 'constructs';

/** Metadata type under which warnings are recorded on construct nodes. */
export const WARNING_METADATA_TYPE = 'cdk8s-istio-tls:warning';

/**
 * Warnings: what is legal but dangerous. They never fail synth; `Warnings.collect()` lists
 * them (the default app prints them after synth).
 */
export class Warnings {
  /**
   * Record a warning on a construct.
   *
   * @param scope the construct the warning is about
   * @param message what is dangerous and how to avoid it
   */
  public static add(scope: IConstruct, message: string): void {
    scope.node.addMetadata(WARNING_METADATA_TYPE, message);
  }

  /**
   * All warnings recorded in the tree below `scope`, as `[path] message`, in tree order.
   */
  public static collect(scope: IConstruct): string[] {
    const out: string[] = [];
    for (const c of scope.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type === WARNING_METADATA_TYPE) out.push(`[${c.node.path}] ${entry.data}`);
      }
    }
    return out;
  }

  private constructor() {}
}
