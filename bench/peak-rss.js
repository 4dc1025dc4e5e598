// Preloaded into every process the benchmark measures (`node -r bench/peak-rss.js ...`,
// or NODE_OPTIONS="--require /abs/path/bench/peak-rss.js" to reach grandchildren such as
// the CDK app that `npx cdk synth` starts). On exit, appends one JSON line to the file
// named by BENCH_RSS_FILE:
//   {"pid", "maxRssKiB", "cdkModules", "pulumiModules", "closureDeps", "argv"}
// maxRssKiB is process.resourceUsage().maxRSS: the peak resident set size of this
// process, in KiB. cdkModules counts aws-cdk-lib and constructs files in require.cache,
// so the benchmark can check that `blueprint validate` never loads them; pulumiModules
// counts @pulumi files, to show that each renderer loads only its own SDK; closureDeps
// counts TypeScript and @npmcli/arborist files (and @pulumi/pulumi's typescript-shim),
// which `blueprint synth --target pulumi` must not load: src/pulumi/defer-closure-deps.ts
// defers them, since only function serialization needs them.
// Does nothing when BENCH_RSS_FILE is unset. No dependencies.
'use strict';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const cdk = /node_modules[\\/](aws-cdk-lib|constructs)[\\/]/;
      const pulumi = /node_modules[\\/]@pulumi[\\/]/;
      // Also @pulumi/pulumi's typescript-shim and the TypeScript it vendors (used when the
      // project has no typescript of its own, as in a production install).
      const closureDeps = /node_modules[\\/](typescript|@npmcli[\\/]arborist)[\\/]|@pulumi[\\/]pulumi[\\/](typescript-shim\.js$|vendor[\\/]typescript@)/;
      const files = Object.keys(require.cache);
      const record = {
        pid: process.pid,
        maxRssKiB: process.resourceUsage().maxRSS,
        cdkModules: files.filter((k) => cdk.test(k)).length,
        pulumiModules: files.filter((k) => pulumi.test(k)).length,
        closureDeps: files.filter((k) => closureDeps.test(k)).length,
        argv: process.argv.slice(1).join(' '),
      };
      require('node:fs').appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // Never change the measured process's outcome.
    }
  });
}
