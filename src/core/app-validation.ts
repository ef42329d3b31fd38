// The library's whole-app checks when an app is synthesized by cdk8s itself (`app.synth()`,
// `Testing.synth()`, `cdk8s synth` running an app that calls `app.synth()`). cdk8s offers no
// hook between validating and rendering, so one validation — of one construct the library
// adds to the app's root — runs the pipeline's analysis (src/core/pipeline.ts): the same
// checks and passes as `Synthesis`, and a failure the caller recognises with
// `Errors.isValidationError()`. cdk8s validates the app again for every chart it writes, so
// this runs more often than the pipeline's single pass (slower, same bytes). Not exported.
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../validation/error';
import { analyse, collectConstructValidations, errorsOf } from './pipeline';
import { Reporter } from './reporter';

const ID = 'cdk8s-istio-tls';

/** Roots the library's pipeline is synthesizing right now: their validation is the pipeline's. */
const inPipeline = new Set<IConstruct>();

/** Run `fn` with the validation of `roots` left to the caller (the pipeline). */
export function withPipeline<T>(roots: IConstruct[], fn: () => T): T {
  const added = roots.filter((r) => !inPipeline.has(r));
  added.forEach((r) => inPipeline.add(r));
  try {
    return fn();
  } finally {
    added.forEach((r) => inPipeline.delete(r));
  }
}

/** Whether `c` is the library's validation construct (the pipeline runs its checks itself). */
export function isAppValidation(c: IConstruct): boolean {
  return c instanceof AppValidation;
}

/** The construct whose validation runs the library's checks when cdk8s synthesizes the app. */
export class AppValidation extends Construct {
  /** Add it to the root of `scope`'s tree, once. */
  public static ensure(scope: IConstruct): void {
    let root = scope;
    for (let parent = root.node.scope; parent; parent = root.node.scope) root = parent;
    if (root === scope) return; // a construct without a tree: nothing to synthesize
    if (!root.node.tryFindChild(ID)) new AppValidation(root);
  }

  private constructor(private readonly root: IConstruct) {
    super(root, ID);
    this.node.addValidation({ validate: () => this.runChecks() });
  }

  private runChecks(): string[] {
    if (inPipeline.has(this.root)) return [];
    const { reported } = analyse([this.root], { constructValidations: false });
    const errors = errorsOf(reported);
    if (errors.length === 0) return [];
    // report every problem at once: the other constructs' validations too, which cdk8s
    // would have run after this one
    const others = new Reporter();
    collectConstructValidations(this.root, others, isAppValidation);
    throw new ValidationError([...errors, ...others.problems], 'all');
  }
}
