// Loads the Pulumi program the way `pulumi preview` does, under Pulumi's mocks:
// Pulumi.yaml's `main` and runtime options become the environment the Node.js
// language host sets, and @pulumi/pulumi's own `run` (cmd/run) registers ts-node
// and requires the entry point. Config arrives in PULUMI_CONFIG, as from the CLI.
// Prints a JSON summary on stdout; exits 2 with the error on a RunError.
'use strict';
const fs = require('node:fs');
const { load } = require('js-yaml');

async function main() {
  const project = load(fs.readFileSync('Pulumi.yaml', 'utf8'));
  const options = project.runtime.options ?? {};
  if (options.typescript) process.env.PULUMI_NODEJS_TYPESCRIPT = 'true';
  if (options.tsconfig) process.env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  // The language host passes the folder of Pulumi.yaml as the root directory.
  process.env.PULUMI_NODEJS_ROOT_DIRECTORY = process.cwd();

  const pulumi = require('@pulumi/pulumi');
  const types = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        types.push(args.type);
        return { id: args.custom === false ? undefined : `${args.name}-id`, state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}`, name: args.name, arnSuffix: `x/${args.name}/0` } };
      },
      call: (args) => args.inputs,
    },
    project.name,
    'dev',
    true,
  );
  // cmd/run/index.js is the language host's CLI wrapper: loading it parses argv and wants a live
  // engine. run.js takes only an exit-code constant from it, so stand it in before loading run.js.
  require.cache[require.resolve('@pulumi/pulumi/cmd/run/index.js')] = {
    exports: { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 },
  };
  const { run } = require('@pulumi/pulumi/cmd/run/run');
  try {
    await run({ _: [project.main ?? '.'] }, () => {}, () => {}, () => false);
    await pulumi.runtime.disconnect();
  } catch (e) {
    process.stderr.write(`${e.constructor.name}: ${e.message}\n`);
    process.exit(2);
  }
  const tsNode = Object.keys(require.cache).some((f) => /node_modules[\\/]ts-node[\\/]/.test(f));
  process.stdout.write(JSON.stringify({ resources: types.length, types: [...new Set(types)].sort(), tsNode }) + '\n');
}

main();
