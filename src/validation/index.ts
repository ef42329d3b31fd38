// Public part only: the helpers in error.ts (fail, describeProblem, ...) are internal.
export { Errors } from './error';
export { Warnings } from './warnings';
