// Helpers for the core objects the mesh CA creates with cdk8s-plus (not exported from the package).
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** ApiObject copies the chart's namespace into every object; a Namespace (cluster-scoped) has none. */
export function clusterScoped(c: Construct): void {
  if (Chart.of(c).namespace !== undefined) ApiObject.of(c).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
