// Public part only: the helpers in error.ts (fail, describeProblem, ...) are internal.
export { Errors } from './error';
export { ProblemSeverity } from './problem';
export type { ValidationProblem } from './problem';
export { Warnings } from './warnings';
