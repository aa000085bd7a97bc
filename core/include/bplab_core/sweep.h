#pragma once

// Parameter sweeps: one scenario run once for every combination of values of
// one or more of its keys, each run whole and summarized, no trace kept.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/run_summary.h"
#include "bplab_core/scenario.h"

namespace bplab {

// One varied key: its JSON path, as validation messages spell it
// (`stages[2].highWaterMark`, `wiring`, `seed`), and its values as JSON text.
struct SweepAxis {
    std::string path;
    std::vector<std::string> values;  // "16384", "\"pipe\"", "0.5", "true"
    bool geometric = false;           // made by a..b*k: a chart wants a log axis
};

inline constexpr std::size_t kMaxSweepValues = 100000;  // values on one axis
inline constexpr std::size_t kMaxSweepRuns = 1000000;   // combinations in all

// "PATH=LIST": LIST is `a,b,c` (numbers, true/false, or words, which are
// strings), `a..b` (the integers from a to b), `a..b:step` or `a..b*k`
// (a, a*k, a*k*k, ... up to b).
Result<SweepAxis> parseSweepAxis(std::string_view spec);

// How many runs the axes make (their values multiplied); Error past kMaxSweepRuns.
Result<std::size_t> sweepRunCount(const std::vector<SweepAxis>& axes);

// The index-th combination's value of each axis (the last axis varies fastest).
std::vector<std::string> sweepValues(const std::vector<SweepAxis>& axes, std::size_t index);

// `scenarioJson` with each path set to its value (a missing last key is added).
// Errors name the path: "stages[5]: the scenario has 3 stages".
Result<std::string> withValues(std::string_view scenarioJson, const std::vector<SweepAxis>& axes,
                               const std::vector<std::string>& values);

struct SweepRow {
    std::vector<std::string> values;   // one per axis, as JSON text
    std::optional<std::string> error;  // the variant did not validate
    RunSummary summary;
    // Per stage, the largest readableLength and writableLength a trace line
    // recorded (bytes, or objects in objectMode); -1 for a side it lacks.
    std::vector<std::int64_t> peakReadable;
    std::vector<std::int64_t> peakWritable;
};

// Runs the index-th variant of `scenarioJson` whole.
SweepRow runSweepVariant(std::string_view scenarioJson, const std::vector<SweepAxis>& axes,
                         std::size_t index);

// Runs every variant on `jobs` threads and returns when they are all done,
// or once `stop` is true and the runs under way have finished (no new one is
// started then). `onRow` gets each row with its index, on a worker thread, in
// no particular order; calls to it never overlap.
void runSweep(std::string_view scenarioJson, const std::vector<SweepAxis>& axes, unsigned jobs,
              const std::atomic<bool>& stop,
              const std::function<void(std::size_t index, SweepRow row)>& onRow);

// The CSV of a sweep (what bplab-cli sweep writes and the window exports):
// the varied paths, duration_ms, outcome, events, pauses, drains,
// throughput_bytes_per_s (throughput_objects_per_s when the last stage is in
// objectMode), peak_memory_bytes, peak_memory_at_ms, then for each stage of
// `base` ID.peak_readable_length and ID.peak_writable_length, then error.
std::string sweepCsvHeader(const Scenario& base, const std::vector<SweepAxis>& axes);
// One row, with its line break; `stages` is base's stage count.
std::string sweepCsvRow(const SweepRow& row, std::size_t stages);

}  // namespace bplab
