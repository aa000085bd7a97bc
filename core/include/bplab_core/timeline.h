#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/series_summary.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace bplab {

// One trace line handed out by a timeline; event.message is empty, the text
// is in `message`.
struct RecordedLine {
    std::int64_t index = 0;
    TraceEvent event;
    std::string message;
};

// The state of a run at one moment: at a line (as a TraceSink sees it while
// the line is recorded) or at a time (after every timer due by then, as
// Simulation::runUntil leaves it).
struct Moment {
    std::int64_t t = 0;                // virtual ms
    std::int64_t lines = 0;            // lines written up to and including the moment
    std::optional<RecordedLine> line;  // the line, for a moment at a line
    std::vector<StageSnapshot> stages;
    std::optional<Sample> sample;  // the last sample emitted before the moment
    ProcessMemory memory;
    SimulationStats stats;
    Outcome outcome = Outcome::Running;
    std::string explanation;  // of `line`, when the timeline explains
};

// The read side of a run, whatever produced it: a Recording of the
// simulation, or (later) a trace file written by a real Node program, whose
// moments carry only what its lines say. What views read through a ui Run.
//
// Single-threaded. Seeking past what is known extends it when the source
// can (a simulation runs on).
class Timeline {
public:
    virtual ~Timeline() = default;

    // The moment at line `index` (0-based); past the end of an ended run, its
    // last line. Returns false when the run has no line at all.
    virtual bool seekLine(std::int64_t index) = 0;
    // The moment at time `t` (virtual ms, >= 0).
    virtual void seekTime(std::int64_t t) = 0;
    [[nodiscard]] virtual const Moment& moment() const = 0;

    // How far the run is known: lines, the time of the last boundary, and
    // whether its final line has been written.
    [[nodiscard]] virtual std::int64_t headLines() const = 0;
    [[nodiscard]] virtual std::int64_t headTime() const = 0;
    [[nodiscard]] virtual bool headEnded() const = 0;

    // Lines [first, first + count) to `out`, in order (fewer past the end of
    // an ended run). The event's message is valid during record() only.
    virtual void lines(std::int64_t first, std::int64_t count, TraceSink& out) = 0;
    [[nodiscard]] std::vector<RecordedLine> lines(std::int64_t first, std::int64_t count);
    [[nodiscard]] virtual const SeriesSummary& summary() const = 0;

    // The last line before line `before` whose kind is in `kinds` (bits
    // 1 << kind, and 1 << kWriteFalseCount for `write() = false`): the
    // summaries skip the stretches without one, then the lines of one bucket
    // are read. nullopt if there is none.
    [[nodiscard]] std::optional<std::int64_t> previousLine(std::int64_t before,
                                                           std::uint32_t kinds);
    // The first such line after line `after`, reading at most `maxLines`
    // lines (the run goes on when it must).
    [[nodiscard]] std::optional<std::int64_t> nextLine(std::int64_t after, std::uint32_t kinds,
                                                       std::int64_t maxLines);
    [[nodiscard]] static constexpr std::uint32_t kindBit(EventKind kind)
    {
        return 1U << static_cast<unsigned>(kind);
    }
    static constexpr std::uint32_t kWriteFalseBit = 1U << kWriteFalseCount;
};

}  // namespace bplab
