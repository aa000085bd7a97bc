#!/bin/sh
# Makes the pictures of this folder from a build: sh docs/screenshots/make-screenshots.sh [BUILD_DIR]
# Presenter mode at the two projector sizes on every example, and the normal
# window at 1024x768, 1280x800 and 1920x1080.
set -e
build=${1:-build/default}
out=$(dirname "$0")
bplab="$build/app/gui/bplab"
export QT_QPA_PLATFORM=offscreen
# Virtual ms to run before each picture: a moment that tells the example's story.
for pair in error-with-pipe:140 error-with-pipeline:150 fast-producer-slow-consumer:1500 \
            ignoring-write-return:1500 slow-transform-in-the-middle:300; do
    name=${pair%%:*}
    ms=${pair#*:}
    for size in 1280x800 1024x768; do
        "$bplab" --example "$name" --run-for "$ms" --chart-window 0 --presenter --size "$size" \
            --screenshot "$out/presenter-$name-$size.png"
    done
done
for size in 1024x768 1280x800 1920x1080; do
    "$bplab" --example slow-transform-in-the-middle --run-for 300 --chart-window 0 --size "$size" \
        --screenshot "$out/window-$size.png"
done
# Experiment > Sweep: throughput for each pair of the file's interval and the socket's delay.
"$bplab" --example fast-producer-slow-consumer --sweep 'stages[0].interval_ms=1..8' \
    --sweep 'stages[1].delay_ms=1..8' --size 1280x800 --screenshot "$out/sweep-heat-map-1280x800.png"
# Tools > Run on real Node, with a stand-in for Node 24 that alters line 6 of its trace.
node24=$(cd "$(dirname "$0")/../.." && pwd)/tests/conformance/node_modules/node24/bin/node
standin_dir=$(mktemp -d)
standin=$standin_dir/node
printf '#!/bin/sh\nif [ "$1" = --version ]; then exec "%s" --version; fi\n"%s" "$@" | sed "6s/\\"ret\\":false/\\"ret\\":true/"\n' \
    "$node24" "$node24" > "$standin"
chmod +x "$standin"
"$bplab" --example fast-producer-slow-consumer --run-on-node "$standin" --size 1280x800 \
    --screenshot "$out/run-on-node-1280x800.png"
rm -rf "$standin_dir"
# A lesson in presenter mode: a question, and its reveal after a wrong answer.
"$bplab" --lesson ignoring-write --presenter --step 2 --size 1280x800 \
    --screenshot "$out/presenter-lesson-question-1280x800.png"
"$bplab" --lesson ignoring-write --presenter --step 2 --answer 1 --size 1280x800 \
    --screenshot "$out/presenter-lesson-reveal-1280x800.png"
