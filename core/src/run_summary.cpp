#include "bplab_core/run_summary.h"

#include <cstdio>
#include <string>

namespace bplab {

double RunSummary::throughputPerSecond() const
{
    if (durationMs <= 0) {
        return 0.0;
    }
    return static_cast<double>(delivered) * 1000.0 / static_cast<double>(durationMs);
}

RunSummary summarizeRun(const SimulationStats& stats, const StageSnapshot& lastStage,
                        std::int64_t nowMs, Outcome outcome)
{
    RunSummary s;
    s.durationMs = nowMs;
    s.events = stats.events;
    s.pauses = stats.pauses;
    s.drains = stats.drains;
    s.peakMemoryBytes = stats.peakMemoryBytes;
    s.peakMemoryAtMs = stats.peakMemoryAtMs;
    s.deliveredObjects = lastStage.writable.objectMode;
    s.delivered = s.deliveredObjects ? lastStage.processedChunks : lastStage.processedBytes;
    s.outcome = outcome;
    return s;
}

std::string formatSummaryBytes(double bytes)
{
    char text[64];
    if (bytes >= 1024.0 * 1024.0) {
        std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
    } else if (bytes >= 1024.0) {
        std::snprintf(text, sizeof text, "%.1f KiB", bytes / 1024.0);
    } else {
        std::snprintf(text, sizeof text, "%.0f B", bytes);
    }
    return text;
}

std::string formatThroughput(const RunSummary& summary)
{
    const double rate = summary.throughputPerSecond();
    if (summary.deliveredObjects) {
        char text[64];
        std::snprintf(text, sizeof text, "%.1f objects/s", rate);
        return text;
    }
    return formatSummaryBytes(rate) + "/s";
}

std::string formatSummarySeconds(std::int64_t ms)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(ms) / 1000.0);
    return text;
}

std::string describeRunSummary(const RunSummary& s)
{
    std::string line = std::to_string(s.durationMs) + " ms virtual, " + std::to_string(s.events) +
                       " events, " + std::to_string(s.pauses) + " pauses, " +
                       std::to_string(s.drains) + " drains, peak memory " +
                       formatSummaryBytes(static_cast<double>(s.peakMemoryBytes)) + " at " +
                       formatSummarySeconds(s.peakMemoryAtMs) + ", delivered " +
                       (s.deliveredObjects ? std::to_string(s.delivered) + " objects"
                                           : formatSummaryBytes(static_cast<double>(s.delivered))) +
                       " (" + formatThroughput(s) + "), outcome: ";
    line += toString(s.outcome);
    return line;
}

}  // namespace bplab
