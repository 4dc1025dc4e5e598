// Preloaded into every process the benchmark measures (`node -r bench/peak-rss.js ...`,
// or NODE_OPTIONS="--require /abs/path/bench/peak-rss.js" to reach grandchildren such as
// the CDK app that `npx cdk synth` starts). On exit, appends one JSON line to the file
// named by BENCH_RSS_FILE:
//   {"pid", "maxRssKiB", "cdkModules", "argv"}
// maxRssKiB is process.resourceUsage().maxRSS: the peak resident set size of this
// process, in KiB. cdkModules counts aws-cdk-lib and constructs files in require.cache,
// so the benchmark can check that `blueprint validate` never loads them.
// Does nothing when BENCH_RSS_FILE is unset. No dependencies.
'use strict';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const cdk = /node_modules[\\/](aws-cdk-lib|constructs)[\\/]/;
      const record = {
        pid: process.pid,
        maxRssKiB: process.resourceUsage().maxRSS,
        cdkModules: Object.keys(require.cache).filter((k) => cdk.test(k)).length,
        argv: process.argv.slice(1).join(' '),
      };
      require('node:fs').appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // Never change the measured process's outcome.
    }
  });
}
