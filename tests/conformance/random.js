#!/usr/bin/env node
'use strict';
// Random differential testing: generates valid scenarios from a seed, runs
// each through bplab-cli and through real Node, and compares the traces.
//
//   node random.js --cli PATH --profile 20|24 [--count N] [--seed S] [--jobs J]
//                  [--cache DIR] [--node20 PATH] [--node24 PATH] [--show N]
//                  [--save DIR]
//   node random.js --print --profile 20|24 --seed S     (the scenario of one seed)
//
// Scenario k of a run is made by generator seed S + k, so one failing seed is
// replayed with `--seed THAT --count 1`. Exit status: 0 all equal, 1 a
// mismatch, 2 bad usage or a missing Node binary.

const fs = require('fs');
const path = require('path');
const common = require('./common');

const USAGE = 'usage: node random.js --cli PATH --profile 20|24 [--count N] [--seed S] [--jobs J] ' +
  '[--cache DIR] [--node20 PATH] [--node24 PATH] [--show N] [--save DIR]\n' +
  '       node random.js --print --profile 20|24 --seed S';

// ---------------------------------------------------------------------------
// The generator. Its own mulberry32, independent of the scenario's "seed".

function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1) >>> 0;
    z = (z ^ ((z + Math.imul(z ^ (z >>> 7), z | 61)) >>> 0)) >>> 0;
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const g = {
    real: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),  // inclusive
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    // [[weight, value], ...]
    weighted: (pairs) => {
      const total = pairs.reduce((s, p) => s + p[0], 0);
      let x = next() * total;
      for (const [w, v] of pairs) {
        if (x < w) return v;
        x -= w;
      }
      return pairs[pairs.length - 1][1];
    },
  };
  return g;
}

function byteHwm(g, chunkBytes) {
  return g.weighted([
    [3, null],  // the profile's default
    [2, 0],
    [2, 1],
    [2, Math.max(1, Math.floor(chunkBytes / 2))],  // smaller than a chunk
    [2, chunkBytes],
    [2, chunkBytes * g.int(2, 5)],
    [1, g.int(2, 5000)],
    [1, 1 << 20],
  ]);
}

function objectHwm(g) {
  return g.weighted([[3, null], [2, 0], [2, 1], [2, 2], [2, 3], [1, 5], [1, 16], [1, 100]]);
}

function hwmFor(g, objectMode, chunkBytes) {
  return objectMode ? objectHwm(g) : byteHwm(g, chunkBytes);
}

function jitter(g) {
  return g.weighted([[6, 0], [1, 0.1], [1, 0.25], [1, 0.5], [1, 1]]);
}

function processing(g, stage) {
  const delay = g.weighted([[4, 0], [3, 1], [2, g.int(2, 4)], [1, g.int(5, 12)]]);
  if (delay !== 0) stage.delay_ms = delay;
  if (g.chance(0.25)) stage.per_kib_ms = g.pick([0.01, 0.1, 0.25, 0.5, 1, 1.5, 3]);
  const j = jitter(g);
  if (j !== 0) stage.jitter = j;
}

function generate(genSeed, profile) {
  const g = generator(genSeed);
  const stageCount = g.weighted([[3, 2], [3, 3], [2, 4], [1, 5], [1, 6]]);
  const wiring = g.pick(['pipe', 'pipeline', 'naive']);
  const stages = [];

  // Source.
  const mode = g.chance(0.25) ? 'push' : 'pull';
  const chunkBytes = g.weighted([[1, 1], [1, 100], [2, 1024], [1, 3000], [2, 4096],
    [1, 16384], [1, 65536], [1, 100000], [1, g.int(1, 70000)]]);
  const source = { id: 'src', kind: 'readable', chunks: 0, chunk_bytes: chunkBytes };
  const srcObject = g.chance(0.3);
  if (srcObject) source.objectMode = true;
  const srcHwm = hwmFor(g, srcObject, chunkBytes);
  if (srcHwm !== null) source.highWaterMark = srcHwm;
  if (mode === 'push') {
    source.mode = 'push';
    source.interval_ms = g.int(1, 4);
  } else {
    const interval = g.weighted([[4, 0], [3, 1], [2, g.int(2, 5)]]);
    if (interval !== 0) source.interval_ms = interval;
  }
  const j = jitter(g);
  if (j !== 0) source.jitter = j;
  stages.push(source);

  // Transforms and sink. A side fed with objects is in objectMode itself,
  // except in a few scenarios: an object written into a byte-mode side is a
  // TypeError, which Node 20 and 24 handle differently.
  const mismatchLink = g.chance(0.1) ? g.int(0, stageCount - 2) : -1;  // link i: stage i -> i+1
  let upstreamObject = srcObject;
  let fanOut = 1;  // output chunks per source chunk so far
  const names = ['t1', 't2', 't3', 't4'];
  for (let i = 1; i < stageCount - 1; i++) {
    const t = { id: names[i - 1], kind: 'transform' };
    const wObj = (upstreamObject && mismatchLink !== i - 1) || g.chance(0.25);
    const rObj = g.chance(0.3) ? !wObj : wObj;
    if (wObj || rObj) t.objectMode = wObj === rObj ? wObj : { readable: rObj, writable: wObj };
    if (t.objectMode === false) delete t.objectMode;
    const rH = hwmFor(g, rObj, chunkBytes);
    const wH = hwmFor(g, wObj, chunkBytes);
    if (rH !== null || wH !== null) {
      if (rH === wH) t.highWaterMark = rH;
      else if (g.chance(0.5) && rH !== null && wH !== null) t.highWaterMark = { readable: rH, writable: wH };
      else if (rH !== null) t.highWaterMark = rH;
      else t.highWaterMark = wH;
    }
    processing(g, t);
    if (g.chance(0.35)) t.ratio = g.pick([0.001, 0.1, 0.25, 0.5, 0.8, 1.5, 2, 3]);
    if (fanOut < 4 && g.chance(0.25)) {
      t.split = g.int(2, 3);
      fanOut *= t.split;
    }
    if (g.chance(0.2)) t.jitter = g.pick([0.1, 0.3, 1]);
    stages.push(t);
    upstreamObject = rObj;
  }
  const sink = { id: 'sink', kind: 'writable' };
  const sinkObj = (upstreamObject && mismatchLink !== stageCount - 2) || g.chance(0.2);
  if (sinkObj) sink.objectMode = true;
  const sinkHwm = hwmFor(g, sinkObj, chunkBytes);
  if (sinkHwm !== null) sink.highWaterMark = sinkHwm;
  processing(g, sink);
  stages.push(sink);

  // Chunk count: keep the trace to a few thousand lines.
  const budget = Math.floor(450 / (stageCount * fanOut));
  source.chunks = g.chance(0.05) ? 0 : g.int(1, Math.max(1, Math.min(60, budget)));

  const scenario = {
    format: 'bplab-scenario/1',
    name: `random ${genSeed}`,
    node: profile,
    seed: g.int(0, 0xFFFFFFFF),
    wiring,
    stages,
  };

  // A rough duration, to place faults and until_ms where things happen.
  const perChunk = Math.max(1, source.interval_ms || 0) +
    stages.slice(1).reduce((s, st) => s + (st.delay_ms || 0), 0);
  const span = Math.max(5, source.chunks * perChunk);
  const faultCount = g.weighted([[5, 0], [4, 1], [1, 2]]);
  const faults = [];
  for (let k = 0; k < faultCount; k++) {
    const at = g.weighted([[1, 0], [1, g.int(1, 3)], [4, g.int(0, span)], [1, span + g.int(0, 20)]]);
    faults.push({
      at_ms: at,
      stage: g.pick(stages).id,
      action: g.chance(0.6) ? 'error' : 'destroy',
      message: `fault ${k + 1}`,
    });
  }
  if (faults.length > 0) scenario.faults = faults;
  if (g.chance(0.15)) scenario.until_ms = g.int(0, span);
  if (g.chance(0.05)) scenario.memory_limit_mb = g.int(1, 3);
  addFormatTwo(g, scenario);
  return scenario;
}

// Characters of 1 to 4 bytes for text sources.
const kTextPalette = ['a', 'z', ' ', '"', '\\', '\n', 'é', 'ß', '€', '中', '文', '😀', '🎉', '𝄞'];

// bplab-scenario/2 on top of a v1 scenario, drawn after everything else so
// that the v1 part of each seed stays what it was: a Transform's flush
// (flush_ms 0 and jitter included), sometimes a large trailer or none; or,
// where the pipeline passes bytes through unchanged, a text source cut into
// small chunks and a decoding sink; then, drawn last, the for-await wiring
// or a wiring array.
function addFormatTwo(g, scenario) {
  let used = false;
  for (const stage of scenario.stages) {
    if (stage.kind !== 'transform' || !g.chance(0.35)) continue;
    used = true;
    stage.flush_ms = g.weighted([[3, 0], [3, 1], [2, g.int(2, 6)], [1, g.int(10, 40)]]);
    const chunks = g.weighted([[2, 0], [5, 1], [3, g.int(2, 4)], [1, g.int(5, 20)]]);
    if (chunks !== 1) stage.flush_chunks = chunks;
    const bytes = g.weighted([[3, 1024], [2, 1], [2, g.int(2, 512)], [1, g.int(4096, 70000)]]);
    if (bytes !== 1024) stage.flush_bytes = bytes;
  }
  const stages = scenario.stages;
  const unchanged = stages.every((s) => s.objectMode === undefined && s.ratio === undefined &&
    s.split === undefined && s.flush_ms === undefined);
  if (unchanged && stages[0].chunks > 0 && g.chance(0.4)) {
    used = true;
    const source = stages[0];
    const length = g.int(1, Math.max(1, Math.min(60, source.chunks * 4)));
    let text = '';
    for (let k = 0; k < length; k++) text += g.pick(kTextPalette);
    delete source.chunks;
    source.text = text;
    source.chunk_bytes = g.weighted([[3, 1], [4, g.int(2, 7)], [1, g.int(8, 40)]]);
    const decode = g.weighted([[1, 'none'], [2, 'per-chunk'], [2, 'string_decoder']]);
    if (decode !== 'none') stages[stages.length - 1].decode = decode;
  }
  // The for-await loop for the whole chain, or one wiring per pair
  // ("pipeline" only ever wires a whole chain).
  const wiring = g.weighted([[6, null], [2, 'for-await'], [2, 'per-pair']]);
  if (wiring === 'for-await') {
    used = true;
    scenario.wiring = 'for-await';
  } else if (wiring === 'per-pair') {
    used = true;
    scenario.wiring = stages.slice(1).map(() => g.pick(['pipe', 'naive', 'for-await']));
  }
  if (addBufferKeys(g, scenario)) used = true;
  if (used) scenario.format = 'bplab-scenario/2';
}

function sideIsObjects(stage, side) {
  const o = stage.objectMode;
  if (o === undefined) return false;
  return typeof o === 'object' ? o[side] : o;
}

// scenario-v2 section 5, drawn last of all: pooled or own Buffers on
// byte-mode readable sides (not a text pipeline's transforms), and a sink
// that keeps a slice of every chunk.
function addBufferKeys(g, scenario) {
  let used = false;
  const stages = scenario.stages;
  const text = stages[0].text !== undefined;
  for (const stage of stages) {
    if (stage.kind === 'writable' || sideIsObjects(stage, 'readable')) continue;
    if (stage.kind === 'transform' && text) continue;
    const alloc = g.weighted([[6, null], [3, 'pool'], [1, 'alloc']]);
    if (alloc !== null) {
      stage.alloc = alloc;
      used = true;
    }
  }
  const sink = stages[stages.length - 1];
  if (!sideIsObjects(sink, 'writable') && g.chance(0.25)) {
    sink.retain_bytes = g.weighted([[1, 0], [2, 1], [3, 16], [2, g.int(2, 2000)]]);
    used = true;
  }
  return used;
}

// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { cli: process.env.BPLAB_CLI || null, profile: null, count: 300, seed: 1, jobs: 2,
    cache: common.DEFAULT_CACHE, node: {}, show: 5, save: null, print: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new common.UsageError(`${a}: missing value`);
      return argv[++i];
    };
    const integer = (min) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) throw new common.UsageError(`${a}: expected an integer >= ${min}, got ${v}`);
      return Number(v);
    };
    if (a === '--cli') o.cli = value();
    else if (a === '--profile' || a === '--node') o.profile = value();
    else if (a === '--count') o.count = integer(1);
    else if (a === '--seed') o.seed = integer(0);
    else if (a === '--jobs') o.jobs = integer(1);
    else if (a === '--cache') o.cache = value();
    else if (a === '--node20') o.node['20'] = value();
    else if (a === '--node24') o.node['24'] = value();
    else if (a === '--show') o.show = integer(0);
    else if (a === '--save') o.save = value();
    else if (a === '--print') o.print = true;
    else if (a === '-h' || a === '--help') throw new common.UsageError('help');
    else throw new common.UsageError(`unknown argument ${a}`);
  }
  if (o.profile !== '20' && o.profile !== '24') throw new common.UsageError('--profile 20|24 is required');
  if (!o.print) {
    if (!o.cli) throw new common.UsageError('--cli PATH is required (the bplab-cli executable)');
    if (!fs.existsSync(o.cli)) throw new common.UsageError(`--cli: ${o.cli} does not exist`);
  }
  return o;
}

function replayCommand(o, seed) {
  const script = path.relative(process.cwd(), path.join(common.HERE, 'random.js')) || 'random.js';
  return `node ${script} --cli ${o.cli} --profile ${o.profile} --seed ${seed} --count 1`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.print) {
    process.stdout.write(`${JSON.stringify(generate(o.seed, o.profile), null, 2)}\n`);
    return;
  }
  const nodeBin = common.findNode(o.profile, o.node);
  const workDir = path.join(o.cache, 'random');
  fs.mkdirSync(workDir, { recursive: true });
  if (o.save !== null) fs.mkdirSync(o.save, { recursive: true });

  const started = Date.now();
  let nextIndex = 0;
  let equal = 0;
  const failures = [];
  const worker = async () => {
    while (nextIndex < o.count) {
      const seed = o.seed + nextIndex++;
      const scenario = generate(seed, o.profile);
      const text = `${JSON.stringify(scenario, null, 1)}\n`;
      const file = path.join(workDir, `seed-${o.profile}-${seed}-${process.pid}.json`);
      fs.writeFileSync(file, text);
      let r;
      try {
        r = await common.compareScenario({
          cli: o.cli, scenarioFile: file, scenarioText: text, profile: o.profile, nodeBin, cacheDir: o.cache,
        });
      } finally {
        fs.rmSync(file, { force: true });
      }
      if (r.result === 'equal') {
        equal++;
        continue;
      }
      failures.push(seed);
      if (o.save !== null) fs.writeFileSync(path.join(o.save, `random-${o.profile}-${seed}.json`), text);
      if (failures.length <= o.show) {
        const what = r.result === 'error' ? 'GENERATOR ERROR (Node rejected the scenario)' : 'MISMATCH';
        process.stdout.write([
          `${what}: generator seed ${seed}, Node ${o.profile}`,
          'scenario:',
          JSON.stringify(scenario, null, 1),
          r.report,
          `replay: ${replayCommand(o, seed)}`,
          '',
        ].join('\n'));
      }
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, worker));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > o.show) {
    process.stdout.write(`(${failures.length - o.show} more failing seeds not shown)\n`);
  }
  if (failures.length > 0) {
    failures.sort((a, b) => a - b);
    process.stdout.write(`failing seeds: ${failures.join(' ')}\n`);
  }
  process.stdout.write(`random (Node ${o.profile}, seeds ${o.seed}..${o.seed + o.count - 1}): ` +
    `${equal} equal, ${failures.length} different, ${seconds} s\n`);
  if (failures.length > 0) process.exitCode = 1;
}

module.exports = { generate };

if (require.main === module) {
  main().catch((e) => {
    if (e instanceof common.UsageError) {
      process.stderr.write(`random.js: ${e.message}\n${USAGE}\n`);
    } else {
      process.stderr.write(`random.js: ${e.stack || e}\n`);
    }
    process.exitCode = 2;
  });
}
