// The issue #6 checks themselves, on a fixture app built like an integrated entry module
// (GitOpsRepo, classic Istio and Gateway API folders, dependency Applications).
import * as path from 'path';
import { describeTargetChecks } from './target-checks';

describe('fixture app', () => describeTargetChecks({ name: 'fixture app', module: path.join(__dirname, 'fixture-app.ts'), outdir: 'dist' }));
