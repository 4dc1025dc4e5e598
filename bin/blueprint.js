#!/usr/bin/env node
'use strict';
// The `blueprint` command. The CLI lives in src/cli (compiled to dist/ by `npm run build`).
require('../dist/cli/main.js').main();
