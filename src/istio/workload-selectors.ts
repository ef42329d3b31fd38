// Workload selectors as Istio compares them (not exported from the package): the Istio
// family's interface to families that place Istio objects on gateway workloads (patterns).

/** Canonical string of a selector (label order does not matter), for index keys and messages. */
export function selectorKey(selector: { [key: string]: string }): string {
  return JSON.stringify(Object.keys(selector).sort().map((k) => [k, selector[k]]));
}

/** Whether one selector's labels are a subset of the other's (Istio analyzer `selectorSubset`). */
export function selectorsOverlap(a: { [key: string]: string }, b: { [key: string]: string }): boolean {
  const subset = (x: { [key: string]: string }, y: { [key: string]: string }) => Object.entries(x).every(([k, v]) => y[k] === v);
  return subset(a, b) || subset(b, a);
}
