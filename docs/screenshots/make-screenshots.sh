#!/bin/sh
# Makes the pictures of this folder from a build: sh docs/screenshots/make-screenshots.sh [BUILD_DIR]
# Presenter mode at the two projector sizes on every example, the normal
# window at 1024x768, 1280x800 and 1920x1080, and the README's pictures of
# each example. (event-log-explained, stage-inspector and state-inspector
# show docks in use and are taken by hand.)
set -e
build=${1:-build/default}
out=$(dirname "$0")
bplab="$build/app/gui/bplab"
export QT_QPA_PLATFORM=offscreen
# Virtual ms to run before each picture: a moment that tells the example's story
# (the parser of the error examples fails at 10 s; the file of the others runs dry at 12 s).
# gzip is inside its _flush at 20 s; the text examples have decoded half their chunks at 10 s;
# the for-await loop awaits 'drain' again and again by 8 s; the header cache holds 55 slabs (3.4 MiB) at 12 s.
moments="error-with-pipe:10000 error-with-pipeline:10000 fast-producer-slow-consumer:6000 ignoring-write-return:12000
         slow-transform-in-the-middle:6000 gzip-flushes-a-trailer:20000 text-cut-decoded-per-chunk:10000
         text-cut-decoded-with-string-decoder:10000 for-await-slow-sink:8000
         header-cache-pins-pool-slabs:12000"
for pair in $moments; do
    name=${pair%%:*}
    ms=${pair#*:}
    for size in 1280x800 1024x768; do
        "$bplab" --example "$name" --run-for "$ms" --chart-window 0 --presenter --size "$size" \
            --screenshot "$out/presenter-$name-$size.png"
    done
    "$bplab" --example "$name" --run-for "$ms" --chart-window 0 --no-docks --size 1280x800 \
        --screenshot "$out/$name.png"
done
for size in 1024x768 1280x800 1920x1080; do
    "$bplab" --example slow-transform-in-the-middle --run-for 6000 --chart-window 0 --size "$size" \
        --screenshot "$out/window-$size.png"
done
# The for-await arrow, and the memory chart's bands of pool slabs and retained slices,
# in the window with its docks.
for size in 1280x800 1024x768; do
    "$bplab" --example for-await-slow-sink --run-for 8000 --chart-window 0 --size "$size" \
        --screenshot "$out/for-await-$size.png"
    "$bplab" --example header-cache-pins-pool-slabs --run-for 12000 --chart-window 0 --size "$size" \
        --screenshot "$out/memory-bands-$size.png"
done
# Experiment > Sweep: throughput for each pair of the file's interval and the socket's delay.
"$bplab" --example fast-producer-slow-consumer --sweep 'stages[0].interval_ms=1..8' \
    --sweep 'stages[1].delay_ms=1..8' --size 1280x800 --screenshot "$out/sweep-heat-map-1280x800.png"
# Compare mode, the classic pairs: pipe() vs pipeline() with the same error (the
# traces part at 10 s), the naive wiring vs pipe() with the same slow socket.
examples=$(cd "$(dirname "$0")/../.." && pwd)/resources/examples
for size in 1280x800 1024x768; do
    "$bplab" "$examples/error-with-pipe.json" --compare "$examples/error-with-pipeline.json" \
        --run-for 10000 --chart-window 0 --size "$size" \
        --screenshot "$out/compare-pipe-vs-pipeline-$size.png"
    "$bplab" "$examples/ignoring-write-return.json" \
        --compare "$examples/fast-producer-slow-consumer.json" --run-for 12000 --chart-window 0 \
        --size "$size" --screenshot "$out/compare-naive-vs-pipe-$size.png"
done
# The Decoded text dock with the window's docks, and the text pair side by side
# (per chunk vs StringDecoder) in compare mode.
for size in 1280x800 1024x768; do
    "$bplab" --example text-cut-decoded-per-chunk --run-for 10000 --chart-window 0 --size "$size" \
        --screenshot "$out/text-panel-$size.png"
    "$bplab" "$examples/text-cut-decoded-per-chunk.json" \
        --compare "$examples/text-cut-decoded-with-string-decoder.json" --run-for 10000 \
        --chart-window 0 --size "$size" --screenshot "$out/compare-text-per-chunk-vs-decoder-$size.png"
done
# Tools > Run on real Node, with a stand-in for Node 24 that alters line 30 of its trace
# (its first write() false).
node24=$(cd "$(dirname "$0")/../.." && pwd)/tests/conformance/node_modules/node24/bin/node
standin_dir=$(mktemp -d)
standin=$standin_dir/node
printf '#!/bin/sh\nif [ "$1" = --version ]; then exec "%s" --version; fi\n"%s" "$@" | sed "30s/\\"ret\\":false/\\"ret\\":true/"\n' \
    "$node24" "$node24" > "$standin"
chmod +x "$standin"
"$bplab" --example fast-producer-slow-consumer --run-on-node "$standin" --size 1280x800 \
    --screenshot "$out/run-on-node-1280x800.png"
rm -rf "$standin_dir"
"$bplab" --example fast-producer-slow-consumer --run-for 6000 --chart-window 0 --size 1920x1080 \
    --screenshot "$out/main-window-with-docks.png"
# A lesson in presenter mode: a question, and its reveal after a wrong answer.
"$bplab" --lesson ignoring-write --presenter --step 2 --size 1280x800 \
    --screenshot "$out/presenter-lesson-question-1280x800.png"
"$bplab" --lesson ignoring-write --presenter --step 2 --answer 1 --size 1280x800 \
    --screenshot "$out/presenter-lesson-reveal-1280x800.png"
