// Writing an app's manifests from its model, exactly as cdk8s' App.synth() lays them out
// (same files, same order, same YAML), using only cdk8s' public API. Not exported from the package.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppModel } from './model';
import { stringifyDocuments } from './yaml';

/** The charts of an app, each with its own objects (not those of nested charts), in output order. */
export interface ChartOutput {
  readonly chart: Chart;
  readonly objects: any[];
}

/**
 * The charts and their manifests in the order cdk8s writes them, when that order is the tree
 * order: no construct has a dependency and no chart is a direct child of another chart (the
 * only two sources of the dependencies cdk8s adds itself), so every dependency graph cdk8s
 * builds has no edges and its topological order is the order of `findAll()`. Undefined
 * otherwise (then cdk8s must order the output itself).
 */
export function chartsInTreeOrder(root: IConstruct, model: AppModel): ChartOutput[] | undefined {
  const manifests = new Map<ApiObject, any>();
  for (const o of model.objects) if (o.apiObject) manifests.set(o.apiObject, o.json);
  const out: ChartOutput[] = [];
  const byChart = new Map<Chart, ChartOutput>();
  for (const c of root.node.findAll()) {
    if (c.node.dependencies.length > 0) return undefined;
    if (Chart.isChart(c)) {
      if (c.node.scope !== undefined && Chart.isChart(c.node.scope)) return undefined;
      const entry = { chart: c, objects: [] };
      out.push(entry);
      byChart.set(c, entry);
    } else if (ApiObject.isApiObject(c)) {
      byChart.get(Chart.of(c))?.objects.push(manifests.get(c));
    }
  }
  return out;
}

/**
 * Whether `app` writes its output in a layout this module reproduces: one file per chart or
 * per app, and no `construct-metadata.json` asked for by the environment (`cdk8s synth
 * --record-construct-metadata`; an app created with `recordConstructMetadata: true` cannot be
 * told apart through cdk8s' public API — synthesize it with `app.synth()`).
 */
export function writesPlainLayout(app: App): boolean {
  return (app.yamlOutputType === YamlOutputType.FILE_PER_CHART || app.yamlOutputType === YamlOutputType.FILE_PER_APP)
    && process.env.CDK8S_RECORD_CONSTRUCT_METADATA !== 'true';
}

/** Write `charts` into `app.outdir` as cdk8s would (`Yaml.save()`'s bytes); returns the files written. */
export function writeCharts(app: App, charts: ChartOutput[]): string[] {
  fs.mkdirSync(app.outdir, { recursive: true });
  const files: string[] = [];
  if (app.yamlOutputType === YamlOutputType.FILE_PER_APP) {
    if (charts.length > 0) {
      const file = path.join(app.outdir, `app${app.outputFileExtension}`);
      fs.writeFileSync(file, stringifyDocuments(charts.flatMap((c) => c.objects)), { encoding: 'utf8' });
      files.push(file);
    }
    return files;
  }
  for (const { chart, objects } of charts) {
    const file = path.join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`);
    fs.writeFileSync(file, stringifyDocuments(objects), { encoding: 'utf8' });
    files.push(file);
  }
  return files;
}

/** The manifests of `charts` as one YAML string, as `App.synthYaml()` returns it. */
export function yamlOf(charts: ChartOutput[]): string {
  return stringifyDocuments(charts.flatMap((c) => c.objects));
}
