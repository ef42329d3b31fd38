// Issue #6 on the default app and every example (checks in target-checks.ts).
import { renderTargets } from '../util/render';
import { describeTargetChecks } from './target-checks';

describe.each(renderTargets().map((t) => [t.name, t] as const))('%s', (_name, target) => describeTargetChecks(target));
