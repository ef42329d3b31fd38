// Loaded before every test file (jest.config.js `setupFiles`): GitOpsRepo.synth() prints the
// synth summary to stderr by default (for `cdk8s synth` users); tests that check it unset this.
process.env.CDK8S_ISTIO_TLS_QUIET = '1';
