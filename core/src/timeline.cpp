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

}  // namespace bplab
