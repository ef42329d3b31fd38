// Public part only: the model, the pipeline's phases and the compat validation are internal.
export { Resource, ResourceType } from './resource';
export { Synthesis } from './synthesis';
export type { SynthesisResult } from './synthesis';
