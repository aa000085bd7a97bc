#include "bplab_ui/run/run_chart_source.h"

#include <algorithm>
#include <vector>

#include "bplab_ui/run/run.h"

namespace bplab::ui {

namespace {

// Feeds re-simulated samples into a summary of their own.
class SummarySink final : public SampleSink {
public:
    explicit SummarySink(SeriesSummary& summary) : m_summary(summary) {}
    void sample(const Sample& sample) override { m_summary.addSample(sample); }

private:
    SeriesSummary& m_summary;
};

std::vector<SummaryBucket> resimulate(Run& run, std::int64_t widthMs, std::int64_t fromMs,
                                      std::int64_t toMs)
{
    SeriesSummary own(run.scenario(), widthMs, RunChartSource::kMaxBuckets + 2);
    SummarySink sink(own);
    run.samples(fromMs, toMs, sink);
    return own.buckets(0, fromMs, toMs);
}

}  // namespace

void RunChartSource::update(Run& run, std::int64_t fromMs, std::int64_t toMs)
{
    if (run.generation() == m_generation && run.revision() == m_revision && fromMs == m_from &&
        toMs == m_to) {
        return;
    }
    m_generation = run.generation();
    m_revision = run.revision();
    m_from = fromMs;
    m_to = toMs;
    m_resimulatedMs = 0;
    const std::size_t stages = run.scenario().stages.size();
    m_history.reset(stages);
    const SeriesSummary* summary = run.seriesSummary();
    if (summary == nullptr || toMs <= fromMs) {
        return;
    }
    // The level the span needs, whatever the summaries still keep.
    std::size_t level = 0;
    std::int64_t width = summary->bucketMs(0);
    while (level + 1 < SeriesSummary::kMaxLevels &&
           static_cast<std::size_t>((toMs - fromMs + width - 1) / width) > kMaxBuckets) {
        ++level;
        width *= SeriesSummary::kFactor;
    }
    m_bucketMs = width;
    const std::int64_t cursor = run.cursorTime();
    const std::int64_t end = std::min(toMs, cursor + 1);  // samples through the cursor
    if (end <= fromMs) {
        return;
    }
    const std::int64_t first = fromMs / width * width;
    const std::int64_t cursorBucket = cursor / width * width;
    const bool kept =
        level < summary->levelCount() && summary->levelFor(first, end, kMaxBuckets) <= level;
    std::vector<SummaryBucket> buckets;
    if (kept) {
        buckets = summary->buckets(level, first, end);
        // The cursor's bucket also holds what came after the cursor.
        if (!run.cursorAtHead() && !buckets.empty() &&
            buckets.back().index * width == cursorBucket) {
            buckets.pop_back();
            std::vector<SummaryBucket> tail = resimulate(run, width, cursorBucket, end);
            m_resimulatedMs = end - cursorBucket;
            buckets.insert(buckets.end(), tail.begin(), tail.end());
        }
    } else {
        buckets = resimulate(run, width, first, end);
        m_resimulatedMs = end - first;
    }
    for (const SummaryBucket& b : buckets) {
        if (b.samples > 0) {
            append(run, b);
        }
    }
}

void RunChartSource::append(const Run& run, const SummaryBucket& bucket)
{
    const std::size_t stages = run.scenario().stages.size();
    const std::int64_t start = bucket.index * m_bucketMs;
    auto row = [&](bool max) {
        m_points.assign(stages, StagePoint{});
        for (std::size_t s = 0; s < stages; ++s) {
            auto value = [&](StageSeries which) {
                const SeriesStat& st = bucket.series[SeriesSummary::seriesIndex(s, which)];
                return max ? st.max : st.min;
            };
            StagePoint& p = m_points[s];
            p.readableLength = value(StageSeries::ReadableLength);
            p.writableLength = value(StageSeries::WritableLength);
            p.externalBytes = value(StageSeries::ExternalBytes);
            p.heapBytes = value(StageSeries::HeapBytes);
            p.moved = bucket.series[SeriesSummary::seriesIndex(s, StageSeries::Moved)].last;
        }
    };
    const SeriesSummary* summary = run.seriesSummary();
    auto process = [&](bool max) {
        ProcessPoint p;
        if (summary == nullptr) {
            return p;
        }
        auto value = [&](std::size_t series) {
            const SeriesStat& st = bucket.series[series];
            return max ? st.max : st.min;
        };
        p.externalBytes = value(summary->totalExternalSeries());
        p.heapBytes = value(summary->totalHeapSeries());
        p.slabBytes = value(summary->totalSlabSeries());
        p.retainedBytes = value(summary->totalRetainedSeries());
        return p;
    };
    row(true);
    m_history.append(start, m_points, process(true));
    if (bucket.samples > 1) {
        row(false);
        m_history.append(start + m_bucketMs / 2, m_points, process(false));
    }
}

}  // namespace bplab::ui
