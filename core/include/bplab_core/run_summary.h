#pragma once

#include <cstdint>
#include <string>

#include "bplab_core/simulation.h"

namespace bplab {

// What a run amounts to, in the figures a person compares between runs: the
// same for bplab-cli's summary line and the window's summary panel.
struct RunSummary {
    std::int64_t durationMs = 0;  // virtual time run
    std::int64_t events = 0;      // trace lines
    std::int64_t pauses = 0;
    std::int64_t drains = 0;
    std::int64_t peakMemoryBytes = 0;  // external + heap
    std::int64_t peakMemoryAtMs = 0;   // virtual time it was first reached
    // What the last stage finished writing: bytes, or objects in objectMode.
    std::int64_t delivered = 0;
    bool deliveredObjects = false;
    Outcome outcome = Outcome::Running;

    // Delivered per virtual second; 0 before any time has run.
    [[nodiscard]] double throughputPerSecond() const;
};

// The summary of a run at virtual time `nowMs` (ms), from its counters and
// its last stage's snapshot.
RunSummary summarizeRun(const SimulationStats& stats, const StageSnapshot& lastStage,
                        std::int64_t nowMs, Outcome outcome);

// "12.5 MiB", "812 B", as the summary line prints sizes.
std::string formatSummaryBytes(double bytes);
// "1.2 MiB/s" or "350.0 objects/s".
std::string formatThroughput(const RunSummary& summary);
// The figures in one line, as bplab-cli prints them after the file name:
// "2000 ms virtual, 812 events, 3 pauses, 3 drains, peak memory 1.2 MiB at
// 0.120 s, delivered 25.0 MiB (12.5 MiB/s), outcome: idle".
std::string describeRunSummary(const RunSummary& summary);
// "2.000 s".
std::string formatSummarySeconds(std::int64_t ms);

}  // namespace bplab
