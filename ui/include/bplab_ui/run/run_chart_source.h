#pragma once

#include <cstdint>

#include "bplab_core/series_summary.h"
#include "bplab_ui/sample_history.h"

namespace bplab::ui {

class Run;

// What the charts draw of a Run between two times, from its multi-resolution
// summaries: one bucket per ~1/1024 of the span (10 ms, 40 ms, 160 ms, ...
// wide), each drawn as its maximum at its start and, when it holds more than
// one sample, its minimum halfway, so spikes, pauses and drains survive any
// zoom; `moved` keeps each bucket's last value (throughput is its slope).
// Nothing past the cursor is drawn.
//
// The picture depends only on the run and the cursor, not on how far the run
// has gone beyond it: where the summaries no longer keep the level a span
// needs (a 10 s window long ago), or the cursor's bucket also holds later
// samples, that stretch is re-simulated (Run::samples) into a summary of its
// own. Bounded: at most the span, or one bucket.
class RunChartSource {
public:
    static constexpr std::size_t kMaxBuckets = 1024;

    // Rebuilds history() for [fromMs, toMs) up to the run's cursor, unless
    // nothing changed since the last call.
    void update(Run& run, std::int64_t fromMs, std::int64_t toMs);
    [[nodiscard]] const SampleHistory& history() const { return m_history; }
    // The bucket width of the last update (virtual ms).
    [[nodiscard]] std::int64_t bucketMs() const { return m_bucketMs; }
    // Virtual ms re-simulated by the last update (0 when the summaries had it all).
    [[nodiscard]] std::int64_t resimulatedMs() const { return m_resimulatedMs; }

private:
    void append(const Run& run, const SummaryBucket& bucket);

    SampleHistory m_history;
    std::vector<StagePoint> m_points;
    std::int64_t m_bucketMs = 0;
    std::int64_t m_resimulatedMs = 0;
    std::uint64_t m_generation = ~0ULL;
    std::uint64_t m_revision = ~0ULL;
    std::int64_t m_from = -1;
    std::int64_t m_to = -1;
};

}  // namespace bplab::ui
