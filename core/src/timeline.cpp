#include "bplab_core/timeline.h"

#include <algorithm>
#include <utility>

namespace bplab {

std::vector<RecordedLine> Timeline::lines(std::int64_t first, std::int64_t count)
{
    class Collect final : public TraceSink {
    public:
        explicit Collect(std::int64_t first) : m_next(first) {}
        void record(const TraceEvent& event) override
        {
            RecordedLine line;
            line.index = m_next++;
            line.event = event;
            line.event.message = {};
            line.message = std::string(event.message);
            out.push_back(std::move(line));
        }
        std::vector<RecordedLine> out;

    private:
        std::int64_t m_next;
    };
    Collect collect(std::max<std::int64_t>(0, first));
    lines(first, count, collect);
    return std::move(collect.out);
}

namespace {

bool matches(const TraceEvent& event, std::uint32_t kinds)
{
    if ((kinds & Timeline::kindBit(event.kind)) != 0) {
        return true;
    }
    return (kinds & Timeline::kWriteFalseBit) != 0 && event.kind == EventKind::Write && !event.ret;
}

bool matches(const SummaryBucket& bucket, std::uint32_t kinds)
{
    for (std::size_t k = 0; k < kSummaryCountKinds; ++k) {
        if ((kinds & (1U << k)) != 0 && bucket.counts[k] > 0) {
            return true;
        }
    }
    return false;
}

// Remembers the last matching line handed to it.
class LastMatch final : public TraceSink {
public:
    LastMatch(std::int64_t first, std::uint32_t kinds) : m_next(first), m_kinds(kinds) {}
    void record(const TraceEvent& event) override
    {
        if (matches(event, m_kinds)) {
            found = m_next;
        }
        ++m_next;
    }
    std::optional<std::int64_t> found;

private:
    std::int64_t m_next;
    std::uint32_t m_kinds;
};

class FirstMatch final : public TraceSink {
public:
    FirstMatch(std::int64_t first, std::uint32_t kinds) : m_next(first), m_kinds(kinds) {}
    void record(const TraceEvent& event) override
    {
        if (!found && matches(event, m_kinds)) {
            found = m_next;
        }
        ++m_next;
    }
    std::optional<std::int64_t> found;
    [[nodiscard]] std::int64_t next() const { return m_next; }

private:
    std::int64_t m_next;
    std::uint32_t m_kinds;
};

}  // namespace

std::optional<std::int64_t> Timeline::previousLine(std::int64_t before, std::uint32_t kinds)
{
    before = std::min(before, headLines());
    if (before <= 0) {
        return std::nullopt;
    }
    const std::vector<RecordedLine> at = lines(before - 1, 1);
    if (at.empty()) {
        return std::nullopt;
    }
    // Lines in [0, until) and times up to tEnd are still to look at.
    std::int64_t until = before;
    std::int64_t tEnd = at.front().event.t;
    const SeriesSummary& s = summary();
    for (std::size_t level = 0; level < s.levelCount() && until > 0; ++level) {
        const std::int64_t width = s.bucketMs(level);
        const std::vector<SummaryBucket> buckets = s.buckets(level, 0, tEnd + 1);
        for (auto it = buckets.rbegin(); it != buckets.rend() && until > 0; ++it) {
            if (it->firstLine < 0 || it->firstLine >= until) {
                continue;
            }
            if (matches(*it, kinds)) {
                LastMatch last(it->firstLine, kinds);
                lines(it->firstLine, until - it->firstLine, last);
                if (last.found) {
                    return last.found;
                }
            }
            until = it->firstLine;
            tEnd = it->index * width - 1;
        }
        if (!buckets.empty()) {
            tEnd = std::min(tEnd, buckets.front().index * width - 1);
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> Timeline::nextLine(std::int64_t after, std::uint32_t kinds,
                                               std::int64_t maxLines)
{
    constexpr std::int64_t kWindow = 4096;
    std::int64_t from = std::max<std::int64_t>(0, after + 1);
    const std::int64_t end = from + std::max<std::int64_t>(0, maxLines);
    while (from < end) {
        const std::int64_t count = std::min(kWindow, end - from);
        FirstMatch first(from, kinds);
        lines(from, count, first);
        if (first.found) {
            return first.found;
        }
        if (first.next() < from + count) {
            return std::nullopt;  // the run ended
        }
        from += count;
    }
    return std::nullopt;
}

}  // namespace bplab
