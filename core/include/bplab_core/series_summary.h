#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace bplab {

// What one stage contributes to the charts, as series of the summaries.
enum class StageSeries : std::uint8_t {
    ReadableLength,  // bytes, or objects in objectMode (0 without a readable side)
    WritableLength,
    ExternalBytes,
    HeapBytes,
    Moved,  // cumulative units moved: pushed by a readable, processed by the others
};
inline constexpr std::size_t kStageSeriesCount = 5;

// Line kinds counted per bucket: every EventKind, then `write() = false`.
inline constexpr std::size_t kSummaryCountKinds = kEventKindCount + 1;
inline constexpr std::size_t kWriteFalseCount = kEventKindCount;

// Line kinds counted per stage and bucket: the marks of the charts' event
// lanes, drawn over a whole window however many lines it holds.
enum class StageCount : std::uint8_t { Pause, WriteFalse, Resume, Drain, End, Finish, Error };
inline constexpr std::size_t kStageCountKinds = 7;
// The per-stage count a line adds to, if any.
[[nodiscard]] std::optional<StageCount> stageCountOf(const TraceEvent& event);

struct SeriesStat {
    std::int64_t min = 0;
    std::int64_t max = 0;
    std::int64_t last = 0;
};

// One bucket: [index * width, (index + 1) * width) virtual ms of a level.
struct SummaryBucket {
    std::int64_t index = 0;
    std::int64_t samples = 0;     // samples that fell in it (series are meaningless at 0)
    std::int64_t firstLine = -1;  // index of its first trace line, -1 if none
    std::array<std::int64_t, kSummaryCountKinds> counts{};
    std::vector<SeriesStat> series;  // SeriesSummary::seriesIndex() order
    // Lines of each StageCount kind per stage: SeriesSummary::stageCountIndex() order.
    std::vector<std::int64_t> stageCounts;
};

// Multi-resolution summaries of a run for charts over any span: level 0
// buckets are `baseMs` wide, each level kFactor times coarser, built from
// the finer level as its buckets close. Each level keeps its most recent
// `levelCapacity` buckets; levels are added as the run grows, so the whole
// run is always covered by a level of at most levelCapacity buckets.
//
// Fed in virtual-time order (samples and lines interleaved as the
// simulation produces them). Not thread-safe.
class SeriesSummary {
public:
    static constexpr std::int64_t kFactor = 4;
    static constexpr std::size_t kMaxLevels = 16;

    SeriesSummary(const Scenario& scenario, std::int64_t baseMs, std::size_t levelCapacity);

    void addSample(const Sample& sample);
    void addLine(std::int64_t index, const TraceEvent& event);

    [[nodiscard]] std::size_t stageCount() const { return m_stageKinds.size(); }
    [[nodiscard]] std::size_t seriesCount() const { return m_seriesCount; }
    // Stage series, stage by stage, then the process's external and heap
    // bytes, and of its external bytes the pool's slabs and what only
    // retained slices hold (scenario-v2 section 5; 0 unless tracked).
    [[nodiscard]] static std::size_t seriesIndex(std::size_t stage, StageSeries which)
    {
        return stage * kStageSeriesCount + static_cast<std::size_t>(which);
    }
    [[nodiscard]] std::size_t totalExternalSeries() const
    {
        return stageCount() * kStageSeriesCount;
    }
    [[nodiscard]] std::size_t totalHeapSeries() const { return totalExternalSeries() + 1; }
    [[nodiscard]] static std::size_t stageCountIndex(std::size_t stage, StageCount which)
    {
        return stage * kStageCountKinds + static_cast<std::size_t>(which);
    }
    // What one bucket costs (bytes) for a scenario of `stages` stages.
    [[nodiscard]] static std::size_t bucketBytesFor(std::size_t stages);
    [[nodiscard]] std::size_t totalSlabSeries() const { return totalExternalSeries() + 2; }
    [[nodiscard]] std::size_t totalRetainedSeries() const { return totalExternalSeries() + 3; }

    [[nodiscard]] std::size_t levelCount() const { return m_levels.size(); }
    [[nodiscard]] std::size_t levelCapacity() const { return m_capacity; }
    [[nodiscard]] std::int64_t bucketMs(std::size_t level) const;
    // The buckets kept at `level` that hold anything and overlap [fromMs, toMs),
    // oldest first; the last may be the open one (still filling), merged with
    // what the finer levels hold of it.
    [[nodiscard]] std::vector<SummaryBucket> buckets(std::size_t level, std::int64_t fromMs,
                                                     std::int64_t toMs) const;
    // The coarsest-first choice for a span: the finest level whose kept
    // buckets cover fromMs and that needs at most maxBuckets for the span.
    [[nodiscard]] std::size_t levelFor(std::int64_t fromMs, std::int64_t toMs,
                                       std::size_t maxBuckets) const;

    // The state of the open buckets, for cutting the summaries back to a
    // past moment (an edit in the past forks the run).
    struct Mark {
        std::vector<std::optional<SummaryBucket>> open;  // per level
        std::vector<std::int64_t> lastClosed;            // per level, -1 if none
    };
    [[nodiscard]] Mark mark() const;
    // Forgets everything added since `mark` was taken (buckets that had
    // already been dropped for capacity stay dropped).
    void rewind(const Mark& mark);

    [[nodiscard]] std::size_t memoryBytes() const;
    [[nodiscard]] std::size_t bucketBytes() const;

private:
    struct Level {
        std::deque<SummaryBucket> closed;  // increasing index
        std::optional<SummaryBucket> open;
    };
    SummaryBucket emptyBucket(std::int64_t index) const;
    SummaryBucket& openAt(std::size_t level, std::int64_t index);
    void close(std::size_t level);
    static void merge(SummaryBucket& into, const SummaryBucket& from);

    std::vector<StageKind> m_stageKinds;
    std::size_t m_seriesCount = 0;
    std::int64_t m_baseMs;
    std::size_t m_capacity;
    std::vector<Level> m_levels;
};

}  // namespace bplab
