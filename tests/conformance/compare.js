#!/usr/bin/env node
'use strict';
// Runs scenario files through bplab-cli and through harness.js on the pinned
// Node binary of the profile, and compares the two traces line by line.
//
//   node compare.js --cli PATH [--profile 20|24] [--cache DIR] [--no-cache]
//                   [--node20 PATH] [--node24 PATH] [--quiet] SCENARIO.json...
//
// Exit status: 0 every trace equal, 1 a mismatch (or bplab-cli failed),
// 2 bad usage, a missing Node binary or a scenario Node cannot run.

const fs = require('fs');
const os = require('os');
const path = require('path');
const common = require('./common');

const USAGE = 'usage: node compare.js --cli PATH [--profile 20|24] [--cache DIR] [--no-cache] ' +
  '[--node20 PATH] [--node24 PATH] [--quiet] SCENARIO.json...';

function parseArgs(argv) {
  const o = { cli: process.env.BPLAB_CLI || null, profile: null, cache: common.DEFAULT_CACHE,
    node: {}, quiet: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new common.UsageError(`${a}: missing value`);
      return argv[++i];
    };
    if (a === '--cli') o.cli = value();
    else if (a === '--profile' || a === '--node') o.profile = value();
    else if (a === '--cache') o.cache = value();
    else if (a === '--no-cache') o.cache = null;
    else if (a === '--node20') o.node['20'] = value();
    else if (a === '--node24') o.node['24'] = value();
    else if (a === '--quiet') o.quiet = true;
    else if (a === '-h' || a === '--help') throw new common.UsageError('help');
    else if (a.startsWith('--')) throw new common.UsageError(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.cli) throw new common.UsageError('--cli PATH is required (the bplab-cli executable)');
  if (!fs.existsSync(o.cli)) throw new common.UsageError(`--cli: ${o.cli} does not exist`);
  if (o.profile !== null && o.profile !== '20' && o.profile !== '24') {
    throw new common.UsageError(`--profile: expected 20 or 24, got ${o.profile}`);
  }
  if (o.files.length === 0) throw new common.UsageError('no scenario file given');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let failed = false;
  for (const file of o.files) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new common.UsageError(`cannot read ${file}: ${e.message}`);
    }
    let profile = o.profile;
    if (profile === null) {
      let doc;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        throw new common.UsageError(`${file}: not JSON: ${e.message}`);
      }
      profile = doc && doc.node === '20' ? '20' : '24';
    }
    const nodeBin = common.findNode(profile, o.node);
    const cacheDir = o.cache !== null ? o.cache
      : fs.mkdtempSync(path.join(os.tmpdir(), 'bplab-conformance-'));
    const r = await common.compareScenario({
      cli: o.cli, scenarioFile: file, scenarioText: text, profile, nodeBin, cacheDir,
    });
    if (o.cache === null) fs.rmSync(cacheDir, { recursive: true, force: true });
    if (r.result === 'equal') {
      if (!o.quiet) process.stdout.write(`equal: ${file} (Node ${profile}, ${r.lines} lines)\n`);
    } else if (r.result === 'error') {
      process.stderr.write(`${file} (Node ${profile}): ${r.report}\n`);
      process.exitCode = 2;
      return;
    } else {
      failed = true;
      process.stdout.write(`MISMATCH: ${file} (Node ${profile})\n${r.report}\n`);
    }
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  if (e instanceof common.UsageError) {
    process.stderr.write(`compare.js: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`compare.js: ${e.stack || e}\n`);
    process.exitCode = 2;
  }
});
