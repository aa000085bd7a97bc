#include "bplab_ui/sample_history.h"

#include <algorithm>

namespace bplab::ui {

void SampleHistory::reset(std::size_t stageCount)
{
    m_stageCount = stageCount;
    m_times.clear();  // capacity kept: a looping run refills it at once
    m_points.clear();
    m_process.clear();
    ++m_revision;
}

void SampleHistory::setCapacity(std::size_t capacity, std::size_t keepRecent)
{
    m_capacity = std::max<std::size_t>(capacity, 16);
    m_keepRecent = std::min(keepRecent, m_capacity / 2);
    if (m_times.size() > m_capacity) {
        compact();
    }
}

void SampleHistory::append(std::int64_t t, const std::vector<StagePoint>& stages,
                           const ProcessPoint& process)
{
    if (stages.size() != m_stageCount) {
        return;  // a sample of another run
    }
    m_times.push_back(t);
    m_points.insert(m_points.end(), stages.begin(), stages.end());
    m_process.push_back(process);
    if (m_times.size() > m_capacity) {
        compact();
    }
    ++m_revision;
}

std::size_t SampleHistory::lowerBound(std::int64_t time) const
{
    return static_cast<std::size_t>(std::lower_bound(m_times.begin(), m_times.end(), time) -
                                    m_times.begin());
}

std::size_t SampleHistory::memoryBytes() const
{
    return m_times.capacity() * sizeof(std::int64_t) + m_points.capacity() * sizeof(StagePoint) +
           m_process.capacity() * sizeof(ProcessPoint);
}

void SampleHistory::compact()
{
    const std::size_t rows = m_times.size();
    const std::size_t old = rows > m_keepRecent ? rows - m_keepRecent : 0;
    if (old < 2) {
        return;
    }
    std::size_t write = 0;
    for (std::size_t read = 0; read < old; read += 2, ++write) {
        const std::size_t last = std::min(read + 1, old - 1);
        // The merged row takes the later time and counters, the larger fills.
        m_times[write] = m_times[last];
        for (std::size_t s = 0; s < m_stageCount; ++s) {
            const StagePoint& a = m_points[read * m_stageCount + s];
            const StagePoint& b = m_points[last * m_stageCount + s];
            StagePoint merged;
            merged.readableLength = std::max(a.readableLength, b.readableLength);
            merged.writableLength = std::max(a.writableLength, b.writableLength);
            merged.externalBytes = std::max(a.externalBytes, b.externalBytes);
            merged.heapBytes = std::max(a.heapBytes, b.heapBytes);
            merged.moved = b.moved;
            m_points[write * m_stageCount + s] = merged;
        }
        const ProcessPoint& a = m_process[read];
        const ProcessPoint& b = m_process[last];
        m_process[write] = ProcessPoint{
            std::max(a.externalBytes, b.externalBytes), std::max(a.heapBytes, b.heapBytes),
            std::max(a.slabBytes, b.slabBytes), std::max(a.retainedBytes, b.retainedBytes)};
    }
    for (std::size_t read = old; read < rows; ++read, ++write) {
        m_times[write] = m_times[read];
        m_process[write] = m_process[read];
        std::copy_n(m_points.begin() + static_cast<std::ptrdiff_t>(read * m_stageCount),
                    m_stageCount,
                    m_points.begin() + static_cast<std::ptrdiff_t>(write * m_stageCount));
    }
    m_times.resize(write);
    m_points.resize(write * m_stageCount);
    m_process.resize(write);
}

void toStagePoints(const Scenario& scenario, const std::vector<StageSnapshot>& stages,
                   std::vector<StagePoint>& out)
{
    out.resize(stages.size());
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const StageSnapshot& s = stages[i];
        StagePoint& p = out[i];
        p.readableLength = s.readable.present ? s.readable.length : 0;
        p.writableLength = s.writable.present ? s.writable.length : 0;
        p.externalBytes = s.externalBytes;
        p.heapBytes = s.heapBytes;
        const StageKind kind =
            i < scenario.stages.size() ? scenario.stages[i].kind : StageKind::Writable;
        if (kind == StageKind::Readable) {
            p.moved = s.readable.objectMode ? s.pushedChunks : s.pushedBytes;
        } else {
            p.moved = s.writable.objectMode ? s.processedChunks : s.processedBytes;
        }
    }
}

}  // namespace bplab::ui
