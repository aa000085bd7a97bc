#!/usr/bin/env node
'use strict';
// The memory model of scenario-v2 section 5 against real Node: for each
// scenario, process.memoryUsage().arrayBuffers of real Node (harness.js
// --memory: after a full GC, every stream still referenced, less the figure
// before the set-up) and the external memory bplab-cli's model holds when
// the run ends (the last samples row) must agree within 2 %.
//
//   node memory.js --cli PATH --profile 20|24 [--node20 PATH] [--node24 PATH]
//                  [--tolerance 0.02] SCENARIO.json...
//
// Node's baseline holds one slab of the pool, which a run that makes a slab
// frees (harness.js fills it before the baseline, so the run's first pooled
// chunk starts a fresh slab, as the model's does): Node's figure counts that
// slab (Buffer.poolSize of the profile) less than the model's.
//
// Prints one line per scenario: ours, Node's, the difference. Exit status 0
// every scenario within the tolerance, 1 one is not, 2 bad usage or a run
// that failed.

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const common = require('./common');

const POOL_SIZE = { 20: 8192, 24: 65536 };

function run(cmd, args) {
  const r = childProcess.spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || String(r.error || '') };
}

function parseArgs(argv) {
  const o = { cli: null, profile: null, node: {}, tolerance: 0.02, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new common.UsageError(`${a}: missing value`);
      return argv[++i];
    };
    if (a === '--cli') o.cli = value();
    else if (a === '--profile') o.profile = value();
    else if (a === '--node20') o.node['20'] = value();
    else if (a === '--node24') o.node['24'] = value();
    else if (a === '--tolerance') o.tolerance = Number(value());
    else if (a.startsWith('--')) throw new common.UsageError(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (o.cli === null) throw new common.UsageError('--cli PATH is required');
  if (o.profile !== '20' && o.profile !== '24') throw new common.UsageError('--profile 20|24 is required');
  if (o.files.length === 0) throw new common.UsageError('no scenario given');
  return o;
}

// The model's external bytes when the run ends, and whether it ever held a slab.
function ours(o, file, dir) {
  const csv = path.join(dir, `${path.basename(file, '.json')}.v${o.profile}.csv`);
  const r = run(o.cli, ['run', file, '--node', o.profile, '--samples', csv,
    '--sample-every', '1', '--quiet']);
  if (r.status !== 0) throw new Error(`bplab-cli run ${file}: exit status ${r.status}: ${r.stderr.trim()}`);
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const external = header.indexOf('total_external_bytes');
  const slabs = header.indexOf('total_slab_bytes');
  if (external < 0 || slabs < 0) throw new Error(`${file}: the samples have no slab columns (no alloc or retain_bytes?)`);
  let madeSlab = false;
  for (const line of lines.slice(1)) {
    if (Number(line.split(',')[slabs]) > 0) madeSlab = true;
  }
  const last = lines[lines.length - 1].split(',');
  return { external: Number(last[external]), madeSlab };
}

function nodes(o, file) {
  const bin = common.findNode(o.profile, o.node);
  const r = run(bin, [common.HARNESS, file, '--node', o.profile, '--memory']);
  if (r.status !== 0) throw new Error(`harness.js ${file}: exit status ${r.status}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()).array_buffers;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`memory.js: ${e.message}\n`);
    return 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bplab-memory-'));
  let worst = 0;
  try {
    for (const file of o.files) {
      const model = ours(o, file, dir);
      const measured = nodes(o, file);
      const node = measured + (model.madeSlab ? POOL_SIZE[o.profile] : 0);
      const diff = model.external === node ? 0 : Math.abs(model.external - node) / Math.max(1, node);
      worst = Math.max(worst, diff);
      const mark = diff <= o.tolerance ? 'ok' : 'FAIL';
      process.stdout.write(`${mark} v${o.profile} ${path.basename(file)}: ours ${model.external} B, ` +
        `Node ${node} B (arrayBuffers ${measured}${model.madeSlab ? ` + one slab of ${POOL_SIZE[o.profile]}` : ''}), ` +
        `difference ${(100 * diff).toFixed(3)} %\n`);
    }
  } catch (e) {
    process.stderr.write(`memory.js: ${e.message}\n`);
    return 2;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return worst <= o.tolerance ? 0 : 1;
}

main().then((code) => { process.exitCode = code; });
