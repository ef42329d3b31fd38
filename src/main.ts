// The embedded default app: `npm run synth` renders it into dist/ (one folder per app).
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';

/** Build the default app's Apps, one per output folder under `outdir`. */
export function build(outdir: string): App[] {
  const app = new App({ outdir: path.join(outdir, 'platform'), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new Chart(app, 'platform');
  return [app];
}

if (require.main === module) {
  for (const app of build(process.env.CDK8S_OUTDIR ?? 'dist')) app.synth();
}
