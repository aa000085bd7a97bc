'use strict';
// Shared by compare.js and random.js: finding the pinned Node binaries,
// running a scenario through bplab-cli and through harness.js (with a cache
// of Node's traces), and comparing two traces line by line.

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const HERE = __dirname;
// The harness ships with the app (resources/node/), which runs it too.
const HARNESS = path.join(HERE, '..', '..', 'resources', 'node', 'harness.js');
const DEFAULT_CACHE = path.join(HERE, '.cache');

class UsageError extends Error {}

// The Node binary for a profile: --node20/--node24 (or BPLAB_NODE20 /
// BPLAB_NODE24), else the one `npm ci --prefix tests/conformance` installed.
function findNode(profile, overrides) {
  const given = (overrides && overrides[profile]) || process.env[`BPLAB_NODE${profile}`];
  const bin = given || path.join(HERE, 'node_modules', `node${profile}`, 'bin', 'node');
  if (!fs.existsSync(bin)) {
    throw new UsageError(`the Node ${profile} binary is missing (${bin}); ` +
      'install the pinned binaries with: npm ci --prefix tests/conformance');
  }
  return bin;
}

const versionCache = new Map();
function nodeVersion(bin) {
  if (!versionCache.has(bin)) {
    const r = childProcess.spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status !== 0) throw new UsageError(`cannot run ${bin} --version`);
    versionCache.set(bin, r.stdout.trim());
  }
  return versionCache.get(bin);
}

let harnessText = null;
function harnessContent() {
  if (harnessText === null) harnessText = fs.readFileSync(HARNESS, 'utf8');
  return harnessText;
}

function cacheKey(scenarioText, profile, version) {
  const h = crypto.createHash('sha256');
  for (const part of [scenarioText, profile, version, harnessContent()]) {
    h.update(part);
    h.update('\0');
  }
  return h.digest('hex');
}

// Runs a command; resolves to { status, signal, stdout, stderr } (strings).
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = childProcess.spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => resolve({ status: null, signal: null, stdout: '', stderr: String(e.message) }));
    child.on('close', (status, signal) => resolve({
      status, signal,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    }));
  });
}

function describeExit(r) {
  if (r.signal) return `killed by ${r.signal}`;
  return `exit status ${r.status}`;
}

// Node's trace of a scenario file, from the cache when it holds one.
async function nodeTrace(scenarioFile, scenarioText, profile, nodeBin, cacheDir) {
  const key = cacheKey(scenarioText, profile, nodeVersion(nodeBin));
  const cached = path.join(cacheDir, `${key}.jsonl`);
  try {
    return { ok: true, text: fs.readFileSync(cached, 'utf8') };
  } catch (e) {
    // not cached yet
  }
  const r = await run(nodeBin, [HARNESS, scenarioFile, '--node', profile]);
  if (r.status !== 0) {
    return { ok: false, status: r.status, message: `harness.js failed (${describeExit(r)}): ${r.stderr.trim()}` };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, r.stdout);
  fs.renameSync(tmp, cached);
  return { ok: true, text: r.stdout };
}

async function cliTrace(cli, scenarioFile, profile) {
  const r = await run(cli, ['run', scenarioFile, '--trace', '-', '--quiet', '--node', profile]);
  if (r.status !== 0) {
    return { ok: false, status: r.status, message: `bplab-cli failed (${describeExit(r)}): ${r.stderr.trim()}`, text: r.stdout };
  }
  return { ok: true, text: r.stdout };
}

// Lines of a trace, each { n: 1-based line number in the file, raw, obj },
// without the `oom` lines (scenario-v1 section 7). `lines.oomAt` is the
// number of lines kept before the first `oom` line, or -1.
function parseTrace(text) {
  const lines = [];
  lines.oomAt = -1;
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  for (let i = 0; i < raw.length; i++) {
    let obj;
    try {
      obj = JSON.parse(raw[i]);
    } catch (e) {
      obj = { unparsable: raw[i] };
    }
    if (obj !== null && typeof obj === 'object' && obj.ev === 'oom') {
      if (lines.oomAt < 0) lines.oomAt = lines.length;
      continue;
    }
    lines.push({ n: i + 1, raw: raw[i], obj });
  }
  return lines;
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
  }
  return true;
}

// Index (0-based, in the compared lines) of the first difference, or -1.
function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!deepEqual(a[i].obj, b[i].obj)) return i;
  }
  return a.length === b.length ? -1 : n;
}

// Five lines of context before the difference, the differing line ('>') and
// five after.
function context(lines, index, label) {
  const out = [`  ${label}:`];
  const from = Math.max(0, index - 5);
  const to = Math.min(lines.length, index + 6);
  for (let i = from; i < to; i++) {
    out.push(`  ${i === index ? '>' : ' '} ${String(lines[i].n).padStart(6)}  ${lines[i].raw}`);
  }
  if (index >= lines.length) out.push(`  > ${'(end)'.padStart(6)}  (the trace ends after ${lines.length} lines)`);
  return out.join('\n');
}

function describeMismatch(cliLines, nodeLines, index) {
  const cliLine = index < cliLines.length ? cliLines[index].n : `end (${cliLines.length} lines)`;
  const nodeLine = index < nodeLines.length ? nodeLines[index].n : `end (${nodeLines.length} lines)`;
  return [
    `first difference at compared line ${index + 1} (bplab-cli line ${cliLine}, node line ${nodeLine}; ` +
      `bplab-cli has ${cliLines.length} lines, node ${nodeLines.length})`,
    context(cliLines, index, 'bplab-cli'),
    context(nodeLines, index, 'node'),
  ].join('\n');
}

// Runs one scenario (already on disk) on both sides.
// Resolves to { result: 'equal' | 'mismatch' | 'error', report, lines }.
async function compareScenario(opts) {
  const { cli, scenarioFile, scenarioText, profile, nodeBin, cacheDir } = opts;
  const [mine, theirs] = await Promise.all([
    cliTrace(cli, scenarioFile, profile),
    nodeTrace(scenarioFile, scenarioText, profile, nodeBin, cacheDir),
  ]);
  if (!theirs.ok) {
    // A scenario Node cannot run is a bad scenario, not a simulation bug.
    return { result: 'error', report: theirs.message };
  }
  if (!mine.ok) {
    return { result: 'mismatch', report: mine.message };
  }
  const cliLines = parseTrace(mine.text);
  let nodeLines = parseTrace(theirs.text);
  let note = '';
  if (cliLines.oomAt >= 0) {
    // The simulated process died of its memory limit; real Node has none and
    // goes on. What happened up to that moment must still be the same.
    nodeLines = nodeLines.slice(0, cliLines.oomAt);
    note = `\n(bplab-cli stopped at its oom line; node's trace is compared up to there)`;
  }
  const index = firstDifference(cliLines, nodeLines);
  if (index < 0) return { result: 'equal', report: '', lines: nodeLines.length };
  return { result: 'mismatch', report: describeMismatch(cliLines, nodeLines, index) + note };
}

module.exports = {
  UsageError, findNode, nodeVersion, cacheKey, compareScenario, parseTrace,
  firstDifference, describeMismatch, DEFAULT_CACHE, HERE, HARNESS,
};
