#!/usr/bin/env node
'use strict';
// Writes the scenarios that cut characters of 2, 3 and 4 bytes at every
// offset inside them (scenario-v2 section 4), each decoded per chunk and
// with a StringDecoder:
//
//   node make_text_scenarios.js [DIR]     (default: scenarios/ beside this file)
//
// text-cut-<N>-byte-at-<J>-<decode>.json puts a chunk boundary J bytes into
// the first N-byte character (later boundaries fall elsewhere in the ones
// that follow); text-cut-<N>-byte-every-byte-<decode>.json makes every byte
// its own chunk. Their expected traces come from real Node through the
// harness like every other scenario's.

const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || path.join(__dirname, 'scenarios');
const characters = { 2: 'é', 3: '中', 4: '😀' };
const decodes = { 'per-chunk': 'per-chunk', 'string-decoder': 'string_decoder' };

function scenario(name, description, text, chunkBytes, decode) {
  return {
    format: 'bplab-scenario/2',
    name,
    description,
    seed: 1,
    wiring: 'pipe',
    stages: [
      { id: 'source', kind: 'readable', text, chunk_bytes: chunkBytes, interval_ms: 1 },
      { id: 'relay', kind: 'transform', delay_ms: 1 },
      { id: 'sink', kind: 'writable', delay_ms: 1, decode },
    ],
  };
}

let written = 0;
function write(doc) {
  fs.writeFileSync(path.join(dir, `${doc.name}.json`), JSON.stringify(doc, null, 2) + '\n');
  written++;
}

for (const [bytes, c] of Object.entries(characters)) {
  const n = Number(bytes);
  for (const [suffix, decode] of Object.entries(decodes)) {
    for (let j = 1; j < n; j++) {
      write(scenario(`text-cut-${n}-byte-at-${j}-${suffix}`,
        `A ${n}-byte character cut ${j} bytes in, decoded ${decode}.`,
        `ab${c}cd${c}${c}e`, 2 + j, decode));
    }
    write(scenario(`text-cut-${n}-byte-every-byte-${suffix}`,
      `Every byte of ${n}-byte characters its own chunk, decoded ${decode}.`,
      `x${c}${c}y`, 1, decode));
  }
}
process.stdout.write(`${written} scenarios written to ${dir}\n`);
