#include "bplab_core/series_summary.h"

#include <algorithm>
#include <cassert>

namespace bplab {

std::optional<StageCount> stageCountOf(const TraceEvent& event)
{
    switch (event.kind) {
        case EventKind::Pause:
            return StageCount::Pause;
        case EventKind::Write:
            return event.ret ? std::nullopt : std::optional(StageCount::WriteFalse);
        case EventKind::Resume:
            return StageCount::Resume;
        case EventKind::Drain:
            return StageCount::Drain;
        case EventKind::End:
            return StageCount::End;
        case EventKind::Finish:
            return StageCount::Finish;
        case EventKind::Error:
            return StageCount::Error;
        default:
            return std::nullopt;
    }
}

SeriesSummary::SeriesSummary(const Scenario& scenario, std::int64_t baseMs,
                             std::size_t levelCapacity)
    : m_baseMs(std::max<std::int64_t>(1, baseMs)),
      m_capacity(std::max<std::size_t>(1, levelCapacity))
{
    for (const Stage& stage : scenario.stages) {
        m_stageKinds.push_back(stage.kind);
    }
    m_seriesCount = m_stageKinds.size() * kStageSeriesCount + 4;
}

std::int64_t SeriesSummary::bucketMs(std::size_t level) const
{
    std::int64_t width = m_baseMs;
    for (std::size_t i = 0; i < level; ++i) {
        width *= kFactor;
    }
    return width;
}

SummaryBucket SeriesSummary::emptyBucket(std::int64_t index) const
{
    SummaryBucket b;
    b.index = index;
    b.series.resize(m_seriesCount);
    b.stageCounts.resize(m_stageKinds.size() * kStageCountKinds);
    return b;
}

SummaryBucket& SeriesSummary::openAt(std::size_t level, std::int64_t index)
{
    if (level >= m_levels.size()) {
        m_levels.resize(level + 1);
    }
    Level& l = m_levels[level];
    if (l.open && l.open->index >= index) {
        return *l.open;  // the same bucket (an earlier index cannot come: time never goes back)
    }
    if (l.open) {
        close(level);
    }
    m_levels[level].open = emptyBucket(index);
    return *m_levels[level].open;
}

void SeriesSummary::close(std::size_t level)
{
    SummaryBucket bucket = std::move(*m_levels[level].open);
    m_levels[level].open.reset();
    if (level + 1 < kMaxLevels) {
        merge(openAt(level + 1, bucket.index / kFactor), bucket);
    }
    Level& l = m_levels[level];  // openAt may have grown m_levels
    l.closed.push_back(std::move(bucket));
    if (l.closed.size() > m_capacity) {
        l.closed.pop_front();
    }
}

void SeriesSummary::merge(SummaryBucket& into, const SummaryBucket& from)
{
    if (from.samples > 0) {
        if (into.samples == 0) {
            into.series = from.series;
        } else {
            for (std::size_t i = 0; i < into.series.size(); ++i) {
                into.series[i].min = std::min(into.series[i].min, from.series[i].min);
                into.series[i].max = std::max(into.series[i].max, from.series[i].max);
                into.series[i].last = from.series[i].last;  // `from` is the later
            }
        }
        into.samples += from.samples;
    }
    for (std::size_t k = 0; k < kSummaryCountKinds; ++k) {
        into.counts[k] += from.counts[k];
    }
    for (std::size_t k = 0; k < into.stageCounts.size() && k < from.stageCounts.size(); ++k) {
        into.stageCounts[k] += from.stageCounts[k];
    }
    if (into.firstLine < 0) {
        into.firstLine = from.firstLine;
    }
}

void SeriesSummary::addSample(const Sample& sample)
{
    SummaryBucket& b = openAt(0, sample.t / m_baseMs);
    auto put = [&b](std::size_t series, std::int64_t value) {
        SeriesStat& s = b.series[series];
        if (b.samples == 0) {
            s = SeriesStat{value, value, value};
        } else {
            s.min = std::min(s.min, value);
            s.max = std::max(s.max, value);
            s.last = value;
        }
    };
    for (std::size_t i = 0; i < m_stageKinds.size() && i < sample.stages.size(); ++i) {
        const StageSnapshot& st = sample.stages[i];
        put(seriesIndex(i, StageSeries::ReadableLength),
            st.readable.present ? st.readable.length : 0);
        put(seriesIndex(i, StageSeries::WritableLength),
            st.writable.present ? st.writable.length : 0);
        put(seriesIndex(i, StageSeries::ExternalBytes), st.externalBytes);
        put(seriesIndex(i, StageSeries::HeapBytes), st.heapBytes);
        const std::int64_t moved =
            m_stageKinds[i] == StageKind::Readable
                ? (st.readable.objectMode ? st.pushedChunks : st.pushedBytes)
                : (st.writable.objectMode ? st.processedChunks : st.processedBytes);
        put(seriesIndex(i, StageSeries::Moved), moved);
    }
    put(totalExternalSeries(), sample.externalBytes);
    put(totalHeapSeries(), sample.heapBytes);
    put(totalSlabSeries(), sample.slabBytes);
    put(totalRetainedSeries(), sample.retainedBytes);
    ++b.samples;
}

void SeriesSummary::addLine(std::int64_t index, const TraceEvent& event)
{
    SummaryBucket& b = openAt(0, event.t / m_baseMs);
    ++b.counts[static_cast<std::size_t>(event.kind)];
    if (event.kind == EventKind::Write && !event.ret) {
        ++b.counts[kWriteFalseCount];
    }
    if (event.stage >= 0 && static_cast<std::size_t>(event.stage) < m_stageKinds.size()) {
        if (const std::optional<StageCount> which = stageCountOf(event)) {
            ++b.stageCounts[stageCountIndex(static_cast<std::size_t>(event.stage), *which)];
        }
    }
    if (b.firstLine < 0) {
        b.firstLine = index;
    }
}

std::vector<SummaryBucket> SeriesSummary::buckets(std::size_t level, std::int64_t fromMs,
                                                  std::int64_t toMs) const
{
    std::vector<SummaryBucket> out;
    if (level >= m_levels.size()) {
        return out;
    }
    const std::int64_t width = bucketMs(level);
    auto overlaps = [&](std::int64_t index) {
        return index * width < toMs && (index + 1) * width > fromMs;
    };
    const Level& l = m_levels[level];
    auto first = std::lower_bound(
        l.closed.begin(), l.closed.end(), fromMs / width,
        [](const SummaryBucket& b, std::int64_t index) { return b.index < index; });
    for (auto it = first; it != l.closed.end() && it->index * width < toMs; ++it) {
        if (overlaps(it->index)) {
            out.push_back(*it);
        }
    }
    // The open bucket, with the finer levels' open parts of it (later than
    // anything folded into it, finest last).
    std::optional<SummaryBucket> open = l.open;
    for (std::size_t finer = level; finer-- > 0;) {
        const auto& part = m_levels[finer].open;
        if (!part) {
            continue;
        }
        std::int64_t index = part->index;
        for (std::size_t i = finer; i < level; ++i) {
            index /= kFactor;
        }
        if (!open) {
            open = emptyBucket(index);
        }
        if (open->index == index) {
            merge(*open, *part);
        }
    }
    if (open && overlaps(open->index)) {
        out.push_back(std::move(*open));
    }
    return out;
}

std::size_t SeriesSummary::levelFor(std::int64_t fromMs, std::int64_t toMs,
                                    std::size_t maxBuckets) const
{
    for (std::size_t level = 0; level < m_levels.size(); ++level) {
        const std::int64_t width = bucketMs(level);
        const auto need = static_cast<std::size_t>(
            (std::max<std::int64_t>(0, toMs - fromMs) + width - 1) / width);
        const Level& l = m_levels[level];
        const std::int64_t earliest =
            !l.closed.empty() ? l.closed.front().index : (l.open ? l.open->index : 0);
        if (need <= maxBuckets && earliest * width <= fromMs) {
            return level;
        }
    }
    return m_levels.empty() ? 0 : m_levels.size() - 1;
}

SeriesSummary::Mark SeriesSummary::mark() const
{
    Mark m;
    for (const Level& l : m_levels) {
        m.open.push_back(l.open);
        m.lastClosed.push_back(l.closed.empty() ? -1 : l.closed.back().index);
    }
    return m;
}

void SeriesSummary::rewind(const Mark& mark)
{
    m_levels.resize(mark.open.size());
    for (std::size_t i = 0; i < m_levels.size(); ++i) {
        Level& l = m_levels[i];
        while (!l.closed.empty() && l.closed.back().index > mark.lastClosed[i]) {
            l.closed.pop_back();
        }
        l.open = mark.open[i];
    }
}

std::size_t SeriesSummary::bucketBytesFor(std::size_t stages)
{
    return sizeof(SummaryBucket) + (stages * kStageSeriesCount + 4) * sizeof(SeriesStat) +
           stages * kStageCountKinds * sizeof(std::int64_t) + 32;
}

std::size_t SeriesSummary::bucketBytes() const
{
    return bucketBytesFor(m_stageKinds.size());
}

std::size_t SeriesSummary::memoryBytes() const
{
    std::size_t buckets = 0;
    for (const Level& l : m_levels) {
        buckets += l.closed.size() + (l.open ? 1 : 0);
    }
    return buckets * bucketBytes();
}

}  // namespace bplab
