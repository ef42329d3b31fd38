/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // GitOpsRepo.synth() stays quiet in tests (test/util/setup-env.ts)
  setupFiles: ['<rootDir>/test/util/setup-env.ts'],
  // transpile only: type checking is the compiler's job (npm run compile)
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }] },
  testTimeout: 30000,
  // jest's default is one worker less than the cores: on the 2-core CI machines that is one
  maxWorkers: 2,
};
