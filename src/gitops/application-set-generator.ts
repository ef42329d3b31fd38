import { checkLabels } from '../private/fields';
import { factory } from '../private/factory';
import { fail } from '../validation/error';
import { checkParameterMap } from './private/template';

/** The kind of an ApplicationSet generator. */
export enum GeneratorType {
  /** One Application per cluster registered in Argo CD (optionally filtered by labels). */
  CLUSTERS = 'clusters',
  /** One Application per element of a fixed list. */
  LIST = 'list',
}

/** Options of the cluster generator. */
export interface ClusterGeneratorOptions {
  /**
   * Only clusters whose Argo CD cluster Secret carries these labels. The local cluster
   * (`in-cluster`) has no Secret unless one is created, so label selectors skip it.
   *
   * @default - every registered cluster
   */
  readonly selector?: { [key: string]: string };
  /**
   * Extra parameters for every cluster, available as `values.<key>`.
   *
   * @default - none
   */
  readonly values?: { [key: string]: string };
}

/**
 * What an ApplicationSet iterates over. Only the cluster and list generators are typed by the
 * library (the generated classes trim the others).
 *
 * The factories check their input; a problem is reported by the ApplicationSet the generator
 * is given to, with its path and the field (`generators[0].selector`).
 */
export class ApplicationSetGenerator {
  /**
   * One Application per cluster. Parameters: `name`, `nameNormalized`, `server`, `project`,
   * `metadata.labels.<key>`, `metadata.annotations.<key>`, `values.<key>`.
   */
  public static clusters(options: ClusterGeneratorOptions = {}): ApplicationSetGenerator {
    const where = 'ApplicationSetGenerator.clusters';
    return factory(where, ApplicationSetGenerator, () => {
      if (options === null || typeof options !== 'object') fail(where, 'options', options, 'must be an object { selector?, values? }', 'pass e.g. { selector: { env: "prod" } }');
      checkLabels(where, 'selector', options.selector);
      checkParameterMap(where, 'values', options.values);
      return new ApplicationSetGenerator(GeneratorType.CLUSTERS, options.selector ? { ...options.selector } : undefined,
        options.values ? { ...options.values } : undefined, undefined);
    });
  }

  /**
   * One Application per element; each element's keys are the parameters.
   *
   * @param elements e.g. `[{ cluster: 'eu-1', url: 'https://…' }, { cluster: 'us-1', url: 'https://…' }]`
   */
  public static list(elements: { [key: string]: string }[]): ApplicationSetGenerator {
    const where = 'ApplicationSetGenerator.list';
    return factory(where, ApplicationSetGenerator, () => {
      if (!Array.isArray(elements) || elements.length === 0) fail(where, 'elements', elements, 'a list generator needs at least one element', 'pass one parameter map per Application');
      // an element left out is not an empty parameter set
      elements.forEach((e, i) => checkParameterMap(where, `elements[${i}]`, e ?? (null as any)));
      return new ApplicationSetGenerator(GeneratorType.LIST, undefined, undefined, elements.map((e) => ({ ...e })));
    });
  }

  private constructor(
    /** Cluster or list. */
    public readonly type: GeneratorType,
    /** Cluster label selector (cluster generator). */
    public readonly selector?: { [key: string]: string },
    /** Extra values (cluster generator). */
    public readonly values?: { [key: string]: string },
    /** Elements (list generator). */
    public readonly elements?: { [key: string]: string }[],
  ) {}
}
