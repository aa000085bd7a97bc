#!/usr/bin/env node
// Runs one scenario (bplab-scenario/1, or /2 with for-await or per-pair
// wirings, a Transform's flush, text, alloc and retain_bytes) on the real
// stream module of the Node binary that executes this script and prints its
// trace (JSON Lines, scenario-v1 section 6 and scenario-v2 sections 2 to 4) on
// stdout.
//
//   node harness.js SCENARIO.json [--node 20|24] [--any-binary] [--memory]
//
// --memory prints, instead of the trace, one line when the run ends:
// {"array_buffers": N}, process.memoryUsage().arrayBuffers after a full GC
// minus the same figure taken before the set-up (bytes), with every stream
// still referenced (scenario-v2 section 5).
//
// The virtual event loop of scenario-v1 section 5 is driven from setImmediate:
// every virtual task (the set-up, then each timer) runs inside its own
// setImmediate callback, so Node drains process.nextTick and the microtask
// queue after it exactly as the spec says, before the next task is taken.
// Stage code only ever uses the virtual timers below, never real timers.
//
// The recorder wraps emit, push and write on each stream instance. It never
// adds a listener, so it cannot change what Node does.
//
// Exit status: 0 when a trace was produced (including runs that end with an
// `uncaught` line), 2 for bad usage or an invalid scenario.

'use strict';

const fs = require('fs');
const { Readable, Transform, Writable, pipeline } = require('stream');
const { StringDecoder } = require('string_decoder');
const { once } = require('events');

function usage(message) {
  process.stderr.write(`harness.js: ${message}\n` +
    'usage: node harness.js SCENARIO.json [--node 20|24] [--any-binary] [--memory]\n');
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Output: JSON Lines gathered in a string and written in large blocks.

let outBuffer = '';
const kFlushAt = 1 << 20;  // characters

function writeAllSync(text) {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(1, data, offset, data.length - offset);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
    }
  }
}

function flushOutput() {
  if (outBuffer.length > 0) {
    const text = outBuffer;
    outBuffer = '';
    writeAllSync(text);
  }
}

let memoryMode = false;

function emitLine(line) {
  if (memoryMode) return;
  outBuffer += line;
  if (outBuffer.length >= kFlushAt) flushOutput();
}

// ---------------------------------------------------------------------------
// Scenario validation (scenario-v1 section 1). Errors name the JSON path.

function fail(message) {
  process.stderr.write(`harness.js: invalid scenario: ${message}\n`);
  process.exit(2);
}

function describe(value) {
  return JSON.stringify(value);
}

function isInt(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

function checkKeys(obj, allowed, path) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${join(path, key)}: unknown key`);
  }
}

function join(path, key) {
  return path ? `${path}.${key}` : key;
}

function intAtLeast(obj, key, path, min, def, max) {
  if (!(key in obj)) return def;
  const v = obj[key];
  if (!isInt(v) || v < min || (max !== undefined && v > max)) {
    const range = max !== undefined ? `an integer in ${min}..${max}` : `an integer >= ${min}`;
    fail(`${join(path, key)}: expected ${range}, got ${describe(v)}`);
  }
  return v;
}

function numberAtLeast(obj, key, path, min, def, strict, max) {
  if (!(key in obj)) return def;
  const v = obj[key];
  const ok = typeof v === 'number' && Number.isFinite(v) &&
    (strict ? v > min : v >= min) && (max === undefined || v <= max);
  if (!ok) {
    const what = max !== undefined ? `a number in [${min}, ${max}]`
      : `a number ${strict ? '>' : '>='} ${min}`;
    fail(`${join(path, key)}: expected ${what}, got ${describe(v)}`);
  }
  return v;
}

function perSide(stage, key, path, kind, check, def) {
  if (!(key in stage)) return { readable: def, writable: def };
  const v = stage[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (kind !== 'transform') fail(`${path}.${key}: per-side values are only allowed on a transform`);
    checkKeys(v, ['readable', 'writable'], `${path}.${key}`);
    for (const side of ['readable', 'writable']) {
      if (!(side in v)) fail(`${path}.${key}.${side}: required`);
    }
    return {
      readable: check(v.readable, `${path}.${key}.readable`),
      writable: check(v.writable, `${path}.${key}.writable`),
    };
  }
  const one = check(v, `${path}.${key}`);
  return { readable: one, writable: one };
}

function validate(doc) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail('expected a JSON object');
  checkKeys(doc, ['format', 'name', 'description', 'node', 'seed', 'until_ms', 'wiring',
    'stages', 'faults', 'memory_limit_mb', 'ui'], '');
  if (doc.format !== 'bplab-scenario/1' && doc.format !== 'bplab-scenario/2') {
    fail(`format: expected "bplab-scenario/1" or "bplab-scenario/2", got ${describe(doc.format)}`);
  }
  const version = doc.format === 'bplab-scenario/2' ? 2 : 1;
  const needsV2 = (path) => {
    if (version < 2) fail(`${path}: needs "format": "bplab-scenario/2"`);
  };
  for (const key of ['name', 'description']) {
    if (key in doc && typeof doc[key] !== 'string') fail(`${key}: expected a string, got ${describe(doc[key])}`);
  }
  const node = 'node' in doc ? doc.node : '24';
  if (node !== '20' && node !== '24') fail(`node: expected "20" or "24", got ${describe(doc.node)}`);
  const seed = intAtLeast(doc, 'seed', '', 0, 1, 0xFFFFFFFF);
  const untilMs = intAtLeast(doc, 'until_ms', '', 0, null);
  intAtLeast(doc, 'memory_limit_mb', '', 1, null);
  if (Array.isArray(doc.wiring) || doc.wiring === 'for-await') needsV2('wiring');
  const wiring = 'wiring' in doc ? doc.wiring : 'pipe';
  if (!Array.isArray(wiring) && !['pipe', 'pipeline', 'naive', 'for-await'].includes(wiring)) {
    fail(`wiring: expected "pipe", "pipeline", "naive" or "for-await", got ${describe(doc.wiring)}`);
  }
  if (!Array.isArray(doc.stages) || doc.stages.length < 2) {
    fail(`stages: expected an array of at least 2 stages, got ${describe(doc.stages)}`);
  }
  // scenario-v2 section 2: one wiring per consecutive pair; "pipeline" only
  // ever wires the whole chain.
  if (Array.isArray(wiring)) {
    if (wiring.length !== doc.stages.length - 1) {
      fail(`wiring: expected ${doc.stages.length - 1} entries, one per pair of consecutive stages, got ${wiring.length}`);
    }
    wiring.forEach((w, i) => {
      if (!['pipe', 'naive', 'for-await'].includes(w)) {
        fail(`wiring[${i}]: expected "pipe", "naive" or "for-await", got ${describe(w)}`);
      }
    });
  }
  const ids = new Set();
  const stages = doc.stages.map((s, i) => {
    const path = `stages[${i}]`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) fail(`${path}: expected an object`);
    const expectedKind = i === 0 ? 'readable' : i === doc.stages.length - 1 ? 'writable' : 'transform';
    if (s.kind !== expectedKind) fail(`${path}.kind: expected "${expectedKind}", got ${describe(s.kind)}`);
    const kind = s.kind;
    const common = ['id', 'kind', 'objectMode', 'highWaterMark', 'jitter'];
    const own = kind === 'readable' ? ['chunks', 'chunk_bytes', 'interval_ms', 'mode']
      : kind === 'transform' ? ['delay_ms', 'per_kib_ms', 'ratio', 'split'] : ['delay_ms', 'per_kib_ms'];
    const ownV2 = kind === 'readable' ? ['text', 'alloc']
      : kind === 'transform' ? ['flush_ms', 'flush_chunks', 'flush_bytes', 'alloc']
        : ['decode', 'retain_bytes'];
    checkKeys(s, common.concat(own, ownV2), path);
    for (const key of ownV2) {
      if (key in s) needsV2(`${path}.${key}`);
    }
    if (typeof s.id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(s.id)) {
      fail(`${path}.id: expected a string matching [A-Za-z0-9_-]{1,32}, got ${describe(s.id)}`);
    }
    if (ids.has(s.id)) fail(`${path}.id: duplicate id ${describe(s.id)}`);
    ids.add(s.id);
    const objectMode = perSide(s, 'objectMode', path, kind, (v, p) => {
      if (typeof v !== 'boolean') fail(`${p}: expected a boolean, got ${describe(v)}`);
      return v;
    }, false);
    const hwm = perSide(s, 'highWaterMark', path, kind, (v, p) => {
      if (!isInt(v) || v < 0) fail(`${p}: expected an integer >= 0, got ${describe(v)}`);
      return v;
    }, null);
    const stage = {
      index: i, id: s.id, kind, objectMode, hwm,
      jitter: numberAtLeast(s, 'jitter', path, 0, 0, false, 1),
    };
    // scenario-v2 section 5: how the readable side allocates its Buffers,
    // and the slice of each chunk a writable keeps.
    stage.alloc = 'alloc' in s ? s.alloc : 'alloc';
    if (stage.alloc !== 'alloc' && stage.alloc !== 'pool') {
      fail(`${path}.alloc: expected "alloc" or "pool", got ${describe(s.alloc)}`);
    }
    if ('alloc' in s && objectMode.readable) {
      fail(`${path}.alloc: allowed only on a byte-mode readable side (Buffers)`);
    }
    stage.retainBytes = intAtLeast(s, 'retain_bytes', path, 0, 0);
    if (stage.retainBytes > 0 && objectMode.writable) {
      fail(`${path}.retain_bytes: needs a byte-mode writable (an object has no subarray)`);
    }
    if (kind === 'readable') {
      stage.chunkBytes = intAtLeast(s, 'chunk_bytes', path, 1, 1024);
      stage.text = null;
      if ('text' in s) {
        // scenario-v2 section 4: the payload is the text's UTF-8, cut into
        // chunks of chunk_bytes; chunks is derived.
        if (typeof s.text !== 'string') fail(`${path}.text: expected a string, got ${describe(s.text)}`);
        if (!s.text.isWellFormed()) fail(`${path}.text: unpaired surrogate`);
        if ('chunks' in s) fail(`${path}.chunks: a text source's chunks are derived; leave it out`);
        stage.text = Buffer.from(s.text, 'utf8');
        if (stage.text.length < 1 || stage.text.length > 65536) {
          fail(`${path}.text: expected 1 to 65536 bytes of UTF-8, got ${stage.text.length} bytes`);
        }
        stage.chunks = Math.ceil(stage.text.length / stage.chunkBytes);
      } else {
        if (!('chunks' in s)) fail(`${path}.chunks: required`);
        stage.chunks = intAtLeast(s, 'chunks', path, 0, 0);
      }
      stage.mode = 'mode' in s ? s.mode : 'pull';
      if (stage.mode !== 'pull' && stage.mode !== 'push') {
        fail(`${path}.mode: expected "pull" or "push", got ${describe(s.mode)}`);
      }
      stage.intervalMs = intAtLeast(s, 'interval_ms', path, stage.mode === 'push' ? 1 : 0, 0);
      if (stage.mode === 'push' && !('interval_ms' in s)) {
        fail(`${path}.interval_ms: expected an integer >= 1 in push mode, got 0`);
      }
    } else {
      stage.delayMs = intAtLeast(s, 'delay_ms', path, 0, 0);
      stage.perKibMs = numberAtLeast(s, 'per_kib_ms', path, 0, 0, false);
      stage.decode = 'decode' in s ? s.decode : 'none';
      if (!['none', 'per-chunk', 'string_decoder'].includes(stage.decode)) {
        fail(`${path}.decode: expected "none", "per-chunk" or "string_decoder", got ${describe(s.decode)}`);
      }
      if (kind === 'transform') {
        stage.ratio = numberAtLeast(s, 'ratio', path, 0, 1.0, true);
        stage.split = intAtLeast(s, 'split', path, 1, 1);
        stage.flushMs = intAtLeast(s, 'flush_ms', path, 0, null);
        for (const key of ['flush_chunks', 'flush_bytes']) {
          if (key in s && stage.flushMs === null) fail(`${path}.${key}: allowed only with flush_ms`);
        }
        stage.flushChunks = intAtLeast(s, 'flush_chunks', path, 0, 1);
        stage.flushBytes = intAtLeast(s, 'flush_bytes', path, 1, 1024);
      }
    }
    return stage;
  });
  if (stages[0].text !== null) {
    for (const stage of stages) {
      if (stage.objectMode.readable || stage.objectMode.writable) fail(`stages[${stage.index}].objectMode: a text pipeline is byte mode`);
      if (stage.kind === 'transform' && (stage.ratio !== 1 || stage.split !== 1 || stage.flushMs !== null ||
          stage.alloc !== 'alloc')) {
        fail(`stages[${stage.index}]: a text pipeline passes bytes through unchanged`);
      }
    }
  } else if (stages[stages.length - 1].decode !== 'none') {
    fail(`stages[${stages.length - 1}].decode: needs a text source (stages[0].text)`);
  }
  const faultsDoc = 'faults' in doc ? doc.faults : [];
  if (!Array.isArray(faultsDoc)) fail(`faults: expected an array, got ${describe(doc.faults)}`);
  const faults = faultsDoc.map((f, i) => {
    const path = `faults[${i}]`;
    if (f === null || typeof f !== 'object' || Array.isArray(f)) fail(`${path}: expected an object`);
    checkKeys(f, ['at_ms', 'stage', 'action', 'message'], path);
    if (!('at_ms' in f)) fail(`${path}.at_ms: required`);
    const atMs = intAtLeast(f, 'at_ms', path, 0, 0);
    if (typeof f.stage !== 'string' || !ids.has(f.stage)) {
      fail(`${path}.stage: expected the id of a stage, got ${describe(f.stage)}`);
    }
    if (f.action !== 'error' && f.action !== 'destroy') {
      fail(`${path}.action: expected "error" or "destroy", got ${describe(f.action)}`);
    }
    if ('message' in f && typeof f.message !== 'string') {
      fail(`${path}.message: expected a string, got ${describe(f.message)}`);
    }
    return { atMs, stage: f.stage, action: f.action, message: 'message' in f ? f.message : '' };
  });
  return { node, seed, untilMs, wiring, stages, faults };
}

// ---------------------------------------------------------------------------
// Command line.

let scenarioPath = null;
let nodeOverride = null;
let anyBinary = false;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--node') {
      nodeOverride = args[++i];
      if (nodeOverride !== '20' && nodeOverride !== '24') usage('--node expects 20 or 24');
    } else if (a === '--any-binary') {
      anyBinary = true;
    } else if (a === '--memory') {
      memoryMode = true;
    } else if (a === '-h' || a === '--help') {
      usage('help');
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (scenarioPath === null) {
      scenarioPath = a;
    } else {
      usage(`unexpected argument ${a}`);
    }
  }
  if (scenarioPath === null) usage('no scenario file given');
}

let doc;
try {
  doc = JSON.parse(fs.readFileSync(scenarioPath === '-' ? 0 : scenarioPath, 'utf8'));
} catch (err) {
  process.stderr.write(`harness.js: cannot read ${scenarioPath}: ${err.message}\n`);
  process.exit(2);
}
const scenario = validate(doc);
const profile = nodeOverride !== null ? nodeOverride : scenario.node;
const binaryMajor = process.versions.node.split('.')[0];
if (binaryMajor !== profile && !anyBinary) {
  process.stderr.write(`harness.js: the scenario asks for the Node ${profile} profile but this is ` +
    `Node ${process.versions.node}; run it on a Node ${profile} binary (or pass --any-binary)\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Virtual timers: a binary heap ordered by (due, creation order).

let now = 0;
let timerSeq = 0;
const heap = [];

function before(a, b) {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function addTimer(delay, fn) {
  const timer = { due: now + delay, seq: timerSeq++, fn };
  heap.push(timer);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function popTimer() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}

// ---------------------------------------------------------------------------
// Random numbers and step times (scenario-v1 section 2).

function makeRandom(seed, index) {
  let state = (seed + Math.imul(index + 1, 0x9E3779B9)) >>> 0;
  return function next() {
    state = (state + 0x6D2B79F5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1) >>> 0;
    z = (z ^ ((z + Math.imul(z ^ (z >>> 7), z | 61)) >>> 0)) >>> 0;
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

function round(x) {
  return Math.floor(x + 0.5);
}

function stepTime(stage, base) {
  if (stage.jitter > 0) {
    const u = stage.random();
    return Math.max(0, round(base * (1 + stage.jitter * (2 * u - 1))));
  }
  return round(base);
}

// ---------------------------------------------------------------------------
// Chunks: Buffers (slices of one shared buffer) or small objects carrying a
// nominal size. A scenario that uses alloc or retain_bytes (scenario-v2
// section 5) gets a Buffer of its own for every chunk: Buffer.alloc, or
// Buffer.allocUnsafe for alloc "pool".

let shared = Buffer.alloc(0);
const ownBuffers = memoryMode ||
  doc.stages.some((s) => 'alloc' in s || 'retain_bytes' in s);

function makeChunk(objectMode, bytes, stage) {
  if (objectMode) return { size: bytes };
  if (ownBuffers) return stage.alloc === 'pool' ? Buffer.allocUnsafe(bytes) : Buffer.alloc(bytes);
  if (shared.length < bytes) shared = Buffer.alloc(Math.max(bytes, 2 * shared.length));
  return shared.subarray(0, bytes);
}

function sizeOf(chunk) {
  if (chunk === null || chunk === undefined) return 0;
  if (typeof chunk === 'string') return Buffer.byteLength(chunk);
  if (typeof chunk.length === 'number') return chunk.length;
  if (typeof chunk.size === 'number') return chunk.size;
  return 0;
}

// ---------------------------------------------------------------------------
// The recorder.

// The stage an uncaught error is reported against, keyed by the error: the
// stream whose 'error' emit had no listener, else the stream whose write()
// threw it (an object written into a byte-mode side).
const unhandledBy = new WeakMap();

function record(stage, ev, fields) {
  emitLine(`{"t":${now},"stage":"${stage.id}","ev":"${ev}"${fields}}\n`);
}

function instrument(stage, stream) {
  const origEmit = stream.emit;
  stream.emit = function emit(ev, ...args) {
    switch (ev) {
      case 'data':
        record(stage, ev, `,"bytes":${sizeOf(args[0])},"rlen":${this.readableLength}`);
        break;
      case 'pause':
      case 'resume':
        record(stage, ev, `,"rlen":${this.readableLength}`);
        break;
      case 'drain':
        record(stage, ev, `,"wlen":${this.writableLength}`);
        break;
      case 'end':
      case 'finish':
      case 'close':
      case 'pipe':
      case 'unpipe':
        record(stage, ev, '');
        break;
      case 'error': {
        const err = args[0];
        const message = err instanceof Error ? err.message : String(err);
        record(stage, ev, `,"message":${JSON.stringify(message)}`);
        // This emit throws. Node may catch the throw and destroy another
        // stream with the same error, whose own unhandled emit then throws:
        // the last such emit is the one that reaches the process.
        if (this.listenerCount('error') === 0 && err !== null &&
            (typeof err === 'object' || typeof err === 'function')) {
          unhandledBy.set(err, stage);
        }
        break;
      }
      default:
        break;
    }
    return origEmit.call(this, ev, ...args);
  };

  if (typeof stream.push === 'function' && stage.kind !== 'writable') {
    const origPush = stream.push;
    stream.push = function push(chunk, encoding) {
      const ret = origPush.call(this, chunk, encoding);
      const bytes = chunk === null ? 'null' : String(sizeOf(chunk));
      record(stage, 'push', `,"bytes":${bytes},"ret":${ret},"rlen":${this.readableLength}`);
      return ret;
    };
  }

  if (typeof stream.write === 'function' && stage.kind !== 'readable') {
    const origWrite = stream.write;
    stream.write = function write(chunk, encoding, cb) {
      let ret;
      try {
        ret = origWrite.call(this, chunk, encoding, cb);
      } catch (err) {
        if (err !== null && typeof err === 'object' && !unhandledBy.has(err)) unhandledBy.set(err, stage);
        throw err;
      }
      record(stage, 'write', `,"bytes":${sizeOf(chunk)},"ret":${ret},"wlen":${this.writableLength}`);
      return ret;
    };
  }
}

// ---------------------------------------------------------------------------
// Stages (scenario-v1 section 2).

function defaultHwm(objectMode) {
  if (objectMode) return 16;
  return profile === '20' ? 16384 : 65536;
}

function sideHwm(stage, side) {
  const given = stage.hwm[side];
  return given !== null ? given : defaultHwm(stage.objectMode[side]);
}

function makeReadable(stage) {
  const objectMode = stage.objectMode.readable;
  let taken = 0;  // chunks handed to push() or to a pending timer
  let eofPushed = false;
  const chunkOf = (number) => {
    if (stage.text === null) return makeChunk(objectMode, stage.chunkBytes, stage);
    const offset = (number - 1) * stage.chunkBytes;
    const cut = stage.text.subarray(offset, Math.min(offset + stage.chunkBytes, stage.text.length));
    if (!ownBuffers) return cut;
    const own = makeChunk(false, cut.length, stage);
    cut.copy(own);
    return own;
  };
  const pushChunk = (stream, number) => {
    stream.push(chunkOf(number));
    if (number === stage.chunks) stream.push(null);
  };
  const stream = new Readable({
    objectMode,
    highWaterMark: sideHwm(stage, 'readable'),
    read() {
      record(stage, 'read', `,"rlen":${this.readableLength}`);
      if (stage.chunks === 0) {
        if (!eofPushed) {
          eofPushed = true;
          this.push(null);
        }
        return;
      }
      if (stage.mode === 'push' || taken >= stage.chunks) return;
      const number = ++taken;
      const t = stepTime(stage, stage.intervalMs);
      if (t === 0) pushChunk(this, number);
      else addTimer(t, () => pushChunk(this, number));
    },
  });
  instrument(stage, stream);
  if (stage.mode === 'push' && stage.chunks > 0) {
    const step = () => {
      const number = ++taken;
      pushChunk(stream, number);
      if (number < stage.chunks) addTimer(Math.max(1, stepTime(stage, stage.intervalMs)), step);
    };
    addTimer(Math.max(1, stepTime(stage, stage.intervalMs)), step);
  }
  return stream;
}

function processTime(stage, bytes) {
  return stepTime(stage, stage.delayMs + stage.perKibMs * bytes / 1024);
}

function makeTransform(stage) {
  const outObjectMode = stage.objectMode.readable;
  // scenario-v2 section 3: take the flush time (one draw with jitter, even
  // for 0 ms), push the flush's chunks, call back; Node's push(null) follows.
  const flush = stage.flushMs === null ? undefined : function flush(callback) {
    record(stage, 'flush', `,"rlen":${this.readableLength}`);
    const finish = () => {
      for (let k = 0; k < stage.flushChunks; k++) this.push(makeChunk(outObjectMode, stage.flushBytes, stage));
      record(stage, 'flushed', `,"rlen":${this.readableLength}`);
      callback();
    };
    const t = stepTime(stage, stage.flushMs);
    if (t === 0) finish();
    else addTimer(t, finish);
  };
  const stream = new Transform({
    flush,
    readableObjectMode: stage.objectMode.readable,
    writableObjectMode: stage.objectMode.writable,
    readableHighWaterMark: sideHwm(stage, 'readable'),
    writableHighWaterMark: sideHwm(stage, 'writable'),
    transform(chunk, encoding, callback) {
      const bytes = sizeOf(chunk);
      record(stage, 'process', `,"bytes":${bytes},"wlen":${this.writableLength}`);
      const outBytes = Math.max(1, round(bytes * stage.ratio / stage.split));
      const finish = () => {
        // A text pipeline's transform passes the chunk on unchanged.
        if (scenario.stages[0].text !== null) this.push(chunk);
        else for (let k = 0; k < stage.split; k++) this.push(makeChunk(outObjectMode, outBytes, stage));
        record(stage, 'done', `,"bytes":${bytes},"wlen":${this.writableLength}`);
        callback();
      };
      const t = processTime(stage, bytes);
      if (t === 0) finish();
      else addTimer(t, finish);
    },
  });
  instrument(stage, stream);
  return stream;
}

function makeWritable(stage) {
  // scenario-v2 section 4: decode each chunk on its own, or through one
  // StringDecoder whose end() runs in _final.
  const decoder = stage.decode === 'string_decoder' ? new StringDecoder('utf8') : null;
  const recordDecode = (text) => record(stage, 'decode', `,"text":${JSON.stringify(text)}`);
  const cache = [];  // retain_bytes: a header of every chunk, kept for the run
  stage.cache = cache;
  const final = decoder === null ? undefined : function final(callback) {
    recordDecode(decoder.end());
    callback();
  };
  const stream = new Writable({
    objectMode: stage.objectMode.writable,
    highWaterMark: sideHwm(stage, 'writable'),
    final,
    write(chunk, encoding, callback) {
      const bytes = sizeOf(chunk);
      record(stage, 'process', `,"bytes":${bytes},"wlen":${this.writableLength}`);
      if (stage.retainBytes > 0) cache.push(chunk.subarray(0, stage.retainBytes));
      if (stage.decode === 'per-chunk') recordDecode(chunk.toString('utf8'));
      else if (decoder !== null) recordDecode(decoder.write(chunk));
      const finish = () => {
        record(stage, 'done', `,"bytes":${bytes},"wlen":${this.writableLength}`);
        callback();
      };
      const t = processTime(stage, bytes);
      if (t === 0) finish();
      else addTimer(t, finish);
    },
  });
  instrument(stage, stream);
  return stream;
}

// ---------------------------------------------------------------------------
// Uncaught errors end the run as the process would exit.

process.on('uncaughtException', (err) => {
  const stage = err !== null && typeof err === 'object' ? unhandledBy.get(err) : undefined;
  const id = stage !== undefined ? stage.id : '*';
  const message = err instanceof Error ? err.message : String(err);
  emitLine(`{"t":${now},"stage":"${id}","ev":"uncaught","message":${JSON.stringify(message)}}\n`);
  flushOutput();
  reportMemory();
  process.exit(0);
});

// --memory: arrayBuffers after a full GC, less what was there before the set-up.
let collect = null;
let baselineArrayBuffers = 0;
let liveStreams = null;  // every stage stays referenced until the figure is taken

// V8 may release a dead ArrayBuffer's memory after the collection that found
// it: collect until two figures in a row agree.
function arrayBuffersAfterGc() {
  collect();
  let last = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 20; i++) {
    collect();
    const figure = process.memoryUsage().arrayBuffers;
    if (figure === last) break;
    last = figure;
  }
  return last;
}

if (memoryMode) {
  require('v8').setFlagsFromString('--expose-gc');
  collect = require('vm').runInNewContext('gc');
}

function reportMemory() {
  if (!memoryMode) return;
  const bytes = arrayBuffersAfterGc() - baselineArrayBuffers;
  writeAllSync(`{"array_buffers":${bytes},"streams":${liveStreams === null ? 0 : liveStreams.length}}\n`);
}

// ---------------------------------------------------------------------------
// The for-await wiring (scenario-v2 section 2), exactly the loop the spec
// gives: the async iterator of Node's Readable, and events.once for the drain.

async function forward(up, down) {
  try {
    for await (const chunk of up) {
      if (!down.write(chunk)) await once(down, 'drain');
    }
    down.end();
  } catch (err) {
    down.destroy(err);
  }
}

// ---------------------------------------------------------------------------
// The run.

function setUp() {
  const streams = scenario.stages.map((stage) => {
    stage.random = makeRandom(scenario.seed, stage.index);
    if (stage.kind === 'readable') return makeReadable(stage);
    if (stage.kind === 'transform') return makeTransform(stage);
    return makeWritable(stage);
  });
  if (scenario.wiring === 'pipeline') {
    pipeline(...streams, (err) => {
      const error = err ? JSON.stringify(err.message) : 'null';
      emitLine(`{"t":${now},"stage":"*","ev":"pipeline","error":${error}}\n`);
    });
  } else {
    for (let i = 0; i + 1 < streams.length; i++) {
      const up = streams[i];
      const down = streams[i + 1];
      const wiring = Array.isArray(scenario.wiring) ? scenario.wiring[i] : scenario.wiring;
      if (wiring === 'pipe') {
        up.pipe(down);
      } else if (wiring === 'naive') {
        up.on('data', (chunk) => down.write(chunk));
        up.on('end', () => down.end());
      } else {
        forward(up, down);  // not awaited
      }
    }
  }
  liveStreams = streams;
  const byId = new Map(scenario.stages.map((s, i) => [s.id, streams[i]]));
  for (const fault of scenario.faults) {
    const stream = byId.get(fault.stage);
    addTimer(fault.atMs, () => {
      if (fault.action === 'error') stream.destroy(new Error(fault.message));
      else stream.destroy();
    });
  }
}

function finishRun(line) {
  emitLine(line);
  flushOutput();
  reportMemory();
  process.exit(0);
}

function runNextTimer() {
  if (heap.length === 0) {
    finishRun(`{"t":${now},"stage":"*","ev":"idle"}\n`);
    return;
  }
  if (scenario.untilMs !== null && heap[0].due > scenario.untilMs) {
    now = scenario.untilMs;
    finishRun(`{"t":${now},"stage":"*","ev":"until"}\n`);
    return;
  }
  const timer = popTimer();
  now = timer.due;
  // Queue the next step first: if the callback throws, the uncaught handler
  // ends the process before it runs.
  setImmediate(runNextTimer);
  timer.fn();
}

// --memory: fill the current slab of Buffer.allocUnsafe's pool to its last
// byte, so that the run's first pooled chunk starts a fresh slab at offset 0,
// as the model's first pooled chunk does. Filled twice: the slab current at
// start-up may hold Buffers Node keeps (it does on Node 20), the second holds
// only these garbage probes. That one is in the baseline, and once the run
// starts a slab nothing holds it, so a run that uses the pool measures one
// slab (Buffer.poolSize) less than the model counts.
function fillPoolSlabs() {
  fillPoolSlab();
  fillPoolSlab();
}

function fillPoolSlab() {
  const size = Buffer.poolSize;
  let offset = Buffer.allocUnsafe(1).byteOffset + 8;  // offsets are aligned to 8
  while (offset < size) {
    const piece = Math.min(size - offset, (size >>> 1) - 8);
    const b = Buffer.allocUnsafe(piece);
    offset = b.byteOffset + piece;
  }
}

setImmediate(() => {
  if (memoryMode) {
    fillPoolSlabs();
    baselineArrayBuffers = arrayBuffersAfterGc();
  }
  setImmediate(runNextTimer);
  setUp();
});
