// Applying what the passes annotate, so that the manifest written equals what cdk8s renders
// from the annotated ApiObject. Not exported from the package.
import { hasNoJsonPatches, onlyDefaultResolvers } from '../private/plain-render';
import { AppModel } from './model';

/**
 * Write the annotations the passes recorded on the ApiObjects (so `toJson()` and cdk8s'
 * own synth see them) and into the model's manifests. An object rendered by the library
 * without JSON patches, in an app with cdk8s' own resolvers only, gets the plain string
 * annotations merged into the metadata it was rendered with (cdk8s resolves metadata before
 * applying patches, and its resolvers leave plain strings as they are, so a new render would
 * give exactly that); any other object is rendered again.
 */
export function applyAnnotations(model: AppModel): void {
  for (const [o, annotations] of model.pendingAnnotations) {
    const apiObject = o.apiObject;
    if (!apiObject || o.json === undefined) continue;
    for (const [k, v] of annotations) apiObject.metadata.addAnnotation(k, v);
    let json: any;
    if (hasNoJsonPatches(apiObject) && !process.env.CDK8S_DISABLE_SORT && onlyDefaultResolvers(apiObject)) {
      const metadata = o.json.metadata ?? {};
      const merged: { [key: string]: unknown } = { ...metadata.annotations };
      for (const [k, v] of annotations) merged[k] = v;
      json = { ...o.json, metadata: withAnnotations(metadata, merged) };
    } else {
      json = apiObject.toJson();
    }
    // the model is read-only to checks; the pipeline replaces the manifest after the passes
    (o as { json: any }).json = json;
  }
}

/**
 * Rendered (so already key-sorted) metadata with its annotations replaced: keys in the order
 * cdk8s' sanitizeValue gives, sorted at every level; the annotations are plain strings.
 */
function withAnnotations(metadata: { [key: string]: unknown }, annotations: { [key: string]: unknown }): { [key: string]: unknown } {
  const sorted: { [key: string]: unknown } = {};
  for (const k of Object.keys(annotations).sort()) sorted[k] = annotations[k];
  const out: { [key: string]: unknown } = {};
  for (const k of Object.keys({ ...metadata, annotations: sorted }).sort()) out[k] = k === 'annotations' ? sorted : metadata[k];
  return out;
}
