/** Tests live in synth-tests/; ts-jest transpiles each file on its own (`npm test` type-checks them first: tsconfig.test.json). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/synth-tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 120000,
  // Jest's default is one worker fewer than the cores: a single worker on our 2-core machines. A worker per
  // core about halves the suite's wall time there (565 s -> 270 s, 1.7 GiB peak; docs/PERFORMANCE.md).
  maxWorkers: '100%',
};
