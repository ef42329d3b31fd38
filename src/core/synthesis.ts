import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ValidationError } from '../validation/error';
import { ValidationProblem } from '../validation/problem';
import { Warnings } from '../validation/warnings';
import { isAppValidation, withPipeline } from './app-validation';
import { analyse, Analysis, errorsOf } from './pipeline';
import { chartsInTreeOrder, ChartOutput, writeCharts, writesPlainLayout, yamlOf } from './write';

/** What a synthesis wrote and warned about. */
export interface SynthesisResult {
  /** The files written, in order. */
  readonly files: string[];
  /** Every warning of the apps (construction and whole-app), as data. */
  readonly warnings: ValidationProblem[];
}

/**
 * The library's synth pipeline: validates every construct once, builds one model of each app,
 * runs the whole-app checks and the GitOps passes (sync waves, Argo CD hygiene, Let's Encrypt
 * budget) over it, renders each object once and writes the same files `app.synth()` writes.
 * Every problem of every app is reported at once, in one error `Errors.isValidationError()`
 * recognises (`Errors.problemsOf()` gives them as data).
 *
 * `app.synth()` keeps working and writes the same bytes (the library then runs its checks
 * inside cdk8s' validation, once per chart cdk8s writes); this is the fast path.
 *
 * @example
 * const app = new App(); // writes to CDK8S_OUTDIR, else dist/
 * const platform = new Chart(app, 'platform');
 * new certManager.ClusterIssuer(platform, 'SelfSigned', { config: certManager.IssuerConfig.selfSigned() });
 * // throws every problem of the app at once (Errors.problemsOf(e) lists them); returns the
 * // files written and the warnings
 * const result = Synthesis.synth(app);
 */
export class Synthesis {
  /** Synthesize `app` into `app.outdir`. */
  public static synth(app: App): SynthesisResult {
    return Synthesis.synthApps([app]);
  }

  /**
   * Synthesize several apps together (one output folder each): checks spanning apps (the Let's
   * Encrypt budget of a GitOps repository) read the models built for the others.
   */
  public static synthApps(apps: App[]): SynthesisResult {
    return withPipeline(apps, () => {
      const analysis = analysed(apps);
      const files: string[] = [];
      for (const app of apps) {
        const charts = outputOf(analysis, app);
        if (charts) {
          files.push(...writeCharts(app, charts));
        } else {
          // a layout or an order only cdk8s computes: cdk8s writes (the checks are done)
          app.synth();
          files.push(...written(app));
        }
      }
      return { files, warnings: apps.flatMap((a) => Warnings.problemsOf(a)) };
    });
  }

  /** The manifests of `app` as one YAML string (what `app.synthYaml()` returns). */
  public static synthYaml(app: App): string {
    return withPipeline([app], () => {
      const charts = outputOf(analysed([app]), app);
      return charts ? yamlOf(charts) : app.synthYaml();
    });
  }

  /**
   * Every problem of `apps`, errors and warnings, as data — without writing anything and
   * without throwing for them.
   */
  public static problems(apps: App[]): ValidationProblem[] {
    return withPipeline(apps, () => {
      const { reported } = analyse(apps, { constructValidations: true, skip: isAppValidation });
      return reported.map((r) => r.problem);
    });
  }

  private constructor() {}
}

/** Analyse `apps`; throw every error at once. */
function analysed(apps: App[]): Analysis {
  const analysis = analyse(apps, { constructValidations: true, skip: isAppValidation });
  const errors = errorsOf(analysis.reported);
  if (errors.length > 0) throw new ValidationError(errors, 'all');
  for (const app of apps) {
    const failed = analysis.session.builtModel(app).renderErrors;
    if (failed.length > 0) throw failed[0];
  }
  return analysis;
}

function outputOf(analysis: Analysis, app: App): ChartOutput[] | undefined {
  return writesPlainLayout(app) ? chartsInTreeOrder(app, analysis.session.modelOf(app)) : undefined;
}

function written(app: App): string[] {
  if (!fs.existsSync(app.outdir)) return [];
  return fs.readdirSync(app.outdir).filter((f) => f.endsWith(app.outputFileExtension)).sort().map((f) => path.join(app.outdir, f));
}
