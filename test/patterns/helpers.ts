// Helpers for the pattern tests.
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

export { doc, errorOf, expectFailure, expectMessage, expectSynthFailure, newChart, synthValid } from '../cert-manager/helpers';

/** All documents of `kind`. */
export function docs(all: any[], kind: string): any[] {
  return all.filter((d) => d.kind === kind);
}

/**
 * The manifests of every ApiObject under `scope`, rendered WITHOUT running the synth-time
 * validation: to show with the independent tracer that what the library rejects would indeed
 * not work.
 */
export function renderUnvalidated(scope: IConstruct): any[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}

/** The messages of the validation errors a synth of `chart` reports (empty when it passes). */
export function synthErrors(chart: Chart): string[] {
  try {
    chart.toJson();
    return [];
  } catch (e) {
    const message = (e as Error).message;
    if (!message.startsWith('Validation failed')) throw e;
    return message.split('\n').slice(1).map((l) => l.trim());
  }
}
