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
for pair in error-with-pipe:140 fast-producer-slow-consumer:1500 ignoring-write-return:1500 \
            slow-transform-in-the-middle:300; do
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
# A lesson in presenter mode: a question, and its reveal after a wrong answer.
"$bplab" --lesson ignoring-write --presenter --step 2 --size 1280x800 \
    --screenshot "$out/presenter-lesson-question-1280x800.png"
"$bplab" --lesson ignoring-write --presenter --step 2 --answer 1 --size 1280x800 \
    --screenshot "$out/presenter-lesson-reveal-1280x800.png"
