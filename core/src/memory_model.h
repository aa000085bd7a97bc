#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bplab_core/state.h"

namespace bplab {

// The memory model of scenario-v1 section 7: what each stage holds, and the
// process's total and peak (bytes). A byte-mode side's chunks are Buffers,
// external memory, counted by payload; an objectMode side's are heap
// objects, each its nominal size plus kObjectOverheadBytes.
//
// The streams call one hook for each change of a buffer (a chunk into or out
// of a readable buffer, bytes into or out of a writable length); the model
// alone decides what that change costs. Single-threaded.
class MemoryModel {
public:
    // Told of every total that passes every earlier one; it may throw
    // (the simulation's memory limit ends the run from here).
    class PeakListener {
    public:
        virtual void newPeak(std::int64_t total) = 0;

    protected:
        ~PeakListener() = default;
    };

    struct StageMemory {
        std::int64_t external = 0;
        std::int64_t heap = 0;
    };

    // stageCount stages holding nothing; `listener` outlives the model.
    void reset(std::size_t stageCount, PeakListener* listener)
    {
        m_stages.assign(stageCount, {});
        m_listener = listener;
        m_externalBytes = m_heapBytes = m_peakBytes = 0;
    }

    // --- the hooks: one per buffer change (sizes in bytes; count in chunks) ---
    // One chunk of `payload` bytes pushed into a readable buffer.
    void readableBuffered(std::int32_t stage, bool objectMode, std::int64_t payload)
    {
        added(stage, objectMode, payload, 1);
    }
    // `payload` bytes in `count` whole chunks (0 for a part of one) taken out.
    void readableTaken(std::int32_t stage, bool objectMode, std::int64_t payload,
                       std::int64_t count)
    {
        added(stage, objectMode, -payload, -count);
    }
    // A write of `payload` bytes counted in a writable length (`count`
    // objects in objectMode).
    void writableCounted(std::int32_t stage, bool objectMode, std::int64_t payload,
                         std::int64_t count)
    {
        added(stage, objectMode, payload, count);
    }
    // A written (or dropped) chunk no longer counted.
    void writableReleased(std::int32_t stage, bool objectMode, std::int64_t payload,
                          std::int64_t count)
    {
        added(stage, objectMode, -payload, -count);
    }

    [[nodiscard]] std::int64_t externalBytes() const { return m_externalBytes; }
    [[nodiscard]] std::int64_t heapBytes() const { return m_heapBytes; }
    [[nodiscard]] std::int64_t peakBytes() const { return m_peakBytes; }
    [[nodiscard]] const StageMemory& stage(std::size_t i) const { return m_stages[i]; }

private:
    // Inline: every buffer change of the run comes here; only a new peak
    // leaves it.
    void added(std::int32_t stage, bool objectMode, std::int64_t payload, std::int64_t count)
    {
        StageMemory& m = m_stages[static_cast<std::size_t>(stage)];
        if (objectMode) {
            const std::int64_t heap = payload + count * kObjectOverheadBytes;
            m.heap += heap;
            m_heapBytes += heap;
        } else {
            m.external += payload;
            m_externalBytes += payload;
        }
        const std::int64_t total = m_externalBytes + m_heapBytes;
        // Not a new peak, so not past a limit either (the first total past
        // it is a peak): the common case, one test.
        if (total > m_peakBytes) {
            m_peakBytes = total;
            m_listener->newPeak(total);
        }
    }

    std::vector<StageMemory> m_stages;
    PeakListener* m_listener = nullptr;
    std::int64_t m_externalBytes = 0;
    std::int64_t m_heapBytes = 0;
    std::int64_t m_peakBytes = 0;
};

}  // namespace bplab
