#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bplab_core/simulation.h"

namespace bplab::ui {

// What the charts need of one stage at one sample time.
struct StagePoint {
    std::int64_t readableLength = 0;  // bytes, or objects in objectMode
    std::int64_t writableLength = 0;
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
    // Cumulative units (bytes, or objects on an objectMode side) the stage has
    // moved: pushed by a readable, processed by a transform or a writable.
    std::int64_t moved = 0;
};

// The simulated process at one sample time (bytes): its external and heap
// memory and, of the external (scenario-v2 section 5, 0 unless the scenario
// uses the Buffer pool or retained slices), the pool's slabs alive and what
// only retained slices hold.
struct ProcessPoint {
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
    std::int64_t slabBytes = 0;
    std::int64_t retainedBytes = 0;
};

// The samples of one run, bounded: once more than capacity() rows are held,
// the older part (all but the most recent keepRecent() rows) is halved by
// merging neighbours, keeping the larger lengths and memory so that spikes
// survive. Memory therefore stays flat however long a run goes on, and the
// recent past keeps full resolution.
//
// Not thread-safe; GUI thread (the charts' RunChartSource fills one per frame).
class SampleHistory {
public:
    void reset(std::size_t stageCount);
    void setCapacity(std::size_t capacity, std::size_t keepRecent);
    // `moved` picks, per stage, which counter is its throughput.
    void append(std::int64_t t, const std::vector<StagePoint>& stages,
                const ProcessPoint& process = {});

    [[nodiscard]] std::size_t size() const { return m_times.size(); }
    [[nodiscard]] bool empty() const { return m_times.empty(); }
    [[nodiscard]] std::size_t stageCount() const { return m_stageCount; }
    [[nodiscard]] std::size_t capacity() const { return m_capacity; }
    [[nodiscard]] std::size_t keepRecent() const { return m_keepRecent; }
    [[nodiscard]] std::int64_t timeAt(std::size_t row) const { return m_times[row]; }  // virtual ms
    [[nodiscard]] const StagePoint& at(std::size_t row, std::size_t stage) const
    {
        return m_points[row * m_stageCount + stage];
    }
    [[nodiscard]] const ProcessPoint& processAt(std::size_t row) const { return m_process[row]; }
    // First row with t >= time (size() if none).
    [[nodiscard]] std::size_t lowerBound(std::int64_t time) const;
    // Increments on every change, so views can skip unchanged frames.
    [[nodiscard]] std::uint64_t revision() const { return m_revision; }
    [[nodiscard]] std::size_t memoryBytes() const;

private:
    void compact();

    std::size_t m_stageCount = 0;
    std::size_t m_capacity = 20000;
    std::size_t m_keepRecent = 8000;
    std::vector<std::int64_t> m_times;
    std::vector<StagePoint> m_points;     // row-major, m_stageCount per row
    std::vector<ProcessPoint> m_process;  // one per row
    std::uint64_t m_revision = 0;
};

// Converts a core sample to history points (picking each stage's throughput
// counter from its kind and objectMode).
void toStagePoints(const Scenario& scenario, const std::vector<StageSnapshot>& stages,
                   std::vector<StagePoint>& out);

}  // namespace bplab::ui
