// A view of the whole app for the patterns' synth-time checks (not exported from the
// package). Built with one walk of the construct tree and shared by every pattern of the
// app while the pipeline validates it (src/core/pipeline.ts), so the checks stay linear in
// the size of the app however many patterns it has.
import { IConstruct } from 'constructs';
import { Certificate } from '../../cert-manager/certificate';
import { VirtualService } from '../../istio/virtual-service';
import { rootOf } from '../../private/registry';
import { modelDuringValidation } from '../../core/pipeline';

export interface AppIndex {
  /** Every VirtualService, by the `namespace/name` of each gateway it is bound to. */
  readonly virtualServicesByGateway: Map<string, VirtualService[]>;
  /** Every Certificate, by each of its DNS names. */
  readonly certificatesByDnsName: Map<string, Certificate[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The index of the app `scope` belongs to. */
export function appIndex(scope: IConstruct): AppIndex {
  const root = rootOf(scope);
  const model = modelDuringValidation(root);
  return model ? model.derived('patterns.appIndex', () => buildIndex(root)) : buildIndex(root);
}

function buildIndex(root: IConstruct): AppIndex {
  const index: AppIndex = { virtualServicesByGateway: new Map(), certificatesByDnsName: new Map() };
  for (const c of root.node.findAll()) {
    if (c instanceof VirtualService) {
      for (const g of c.gateways) push(index.virtualServicesByGateway, g.qualifiedName, c);
    } else if (c instanceof Certificate) {
      for (const n of c.dnsNames) push(index.certificatesByDnsName, n, c);
    }
  }
  return index;
}
