#pragma once

#include <cassert>
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
//
// scenario-v2 section 5 (only when the scenario uses alloc "pool" or
// retain_bytes, setTracking): a byte-mode chunk names its allocation
// (Chunk::alloc), either its own (Buffer.alloc, Buffer.allocUnsafe of half
// the pool or more) or a slab of Buffer.allocUnsafe's pool, and external
// memory is then the allocations alive, each counted once, not the payload.
// An allocation lives while a reference holds it: the creator's own (from
// allocate() until it lets go of the chunk with release()), each readable
// buffer entry and each write counted in a writable length, and whoever holds
// a chunk outside the buffers (hold(), then release()). A retained slice
// (retain()) pins its allocation for the rest of the run; the current slab is
// held by the pool itself, as Node's allocPool. Allocation 0 is "not
// tracked": its chunk costs its payload, as in section 7.
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
        std::int64_t external = 0;  // payload of the Buffers the stage holds
        std::int64_t heap = 0;
        // External memory held only through this stage's retained slices.
        std::int64_t retained = 0;
    };

    // stageCount stages holding nothing; `listener` outlives the model.
    void reset(std::size_t stageCount, PeakListener* listener)
    {
        m_stages.assign(stageCount, {});
        m_listener = listener;
        m_externalBytes = m_heapBytes = m_peakBytes = 0;
        m_tracking = false;
        m_allocations.clear();
        m_freeList = 0;
        m_currentSlab = 0;
        m_poolOffset = 0;
        m_slabBytes = m_retainedBytes = 0;
    }

    // Allocations are tracked (section 5); poolSize is Buffer.poolSize (bytes).
    void setTracking(std::int64_t poolSize)
    {
        m_tracking = true;
        m_poolSize = poolSize;
        m_allocations.assign(1, {});
    }
    [[nodiscard]] bool tracking() const { return m_tracking; }

    // --- section 5: allocations (ids as Chunk::alloc; 0 = not tracked) ---
    // A Buffer of `bytes` for a new chunk: Buffer.allocUnsafe when `pooled`
    // (a slab of the pool for bytes < poolSize / 2, at the next offset
    // aligned up to 8; a new slab when it does not fit), else Buffer.alloc.
    // The caller holds one reference and lets go of it with release(). An
    // empty Buffer allocates nothing (0). May throw through the PeakListener.
    std::uint32_t allocate(std::int64_t bytes, bool pooled)
    {
        if (!m_tracking || bytes <= 0) {
            return 0;
        }
        if (pooled && bytes < m_poolSize / 2) {
            if (m_currentSlab == 0 || bytes > m_poolSize - m_poolOffset) {
                newSlab();
            }
            m_poolOffset += bytes;
            m_poolOffset = (m_poolOffset + 7) & ~std::int64_t{7};
            ++m_allocations[m_currentSlab].refs;
            return m_currentSlab;
        }
        const std::uint32_t id = newAllocation(bytes, false);
        m_allocations[id].refs = 1;
        addExternal(bytes);
        return id;
    }
    // One more reference to allocation `id` (a chunk that shares it).
    void hold(std::uint32_t id)
    {
        assert(id == 0 || !m_allocations[id].freed);
        if (id != 0) {
            ++m_allocations[id].refs;
        }
    }
    void release(std::uint32_t id)
    {
        assert(id == 0 || (!m_allocations[id].freed && m_allocations[id].refs > 0));
        if (id != 0 && --m_allocations[id].refs == 0) {
            unreferenced(id);
        }
    }
    // `stage` keeps a slice of allocation `id` for the rest of the run.
    void retain(std::uint32_t id, std::int32_t stage)
    {
        if (id != 0 && m_allocations[id].pinStage < 0) {
            m_allocations[id].pinStage = static_cast<std::int16_t>(stage);
        }
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

    // Every allocation alive (tracking), or every Buffer's payload.
    [[nodiscard]] std::int64_t externalBytes() const { return m_externalBytes; }
    // Of externalBytes: the pool's slabs alive, whole (bytes).
    [[nodiscard]] std::int64_t slabBytes() const { return m_slabBytes; }
    // Of externalBytes: held only through retained slices (bytes).
    [[nodiscard]] std::int64_t retainedBytes() const { return m_retainedBytes; }
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
            if (m_tracking) {
                return;  // the allocations count, not the payload
            }
            m_externalBytes += payload;
        }
        checkPeak();
    }

    void checkPeak()
    {
        const std::int64_t total = m_externalBytes + m_heapBytes;
        // Not a new peak, so not past a limit either (the first total past
        // it is a peak): the common case, one test.
        if (total > m_peakBytes) {
            m_peakBytes = total;
            m_listener->newPeak(total);
        }
    }

    // One allocation: 16 bytes, so a tracked chunk costs the core at most 32.
    struct Allocation {
        std::int64_t bytes = 0;  // its size; on the free list, the next free id
        std::uint32_t refs = 0;
        std::int16_t pinStage = -1;  // the stage whose retained slice pins it
        bool slab = false;
        bool freed = false;  // on the free list: no hold() or release() may name it
    };

    void addExternal(std::int64_t bytes)
    {
        m_externalBytes += bytes;
        checkPeak();
    }

    std::uint32_t newAllocation(std::int64_t bytes, bool slab)
    {
        std::uint32_t id = m_freeList;
        if (id != 0) {
            m_freeList = static_cast<std::uint32_t>(m_allocations[id].bytes);
        } else {
            id = static_cast<std::uint32_t>(m_allocations.size());
            m_allocations.emplace_back();
        }
        m_allocations[id] = Allocation{bytes, 0, -1, slab, false};
        return id;
    }

    void newSlab()
    {
        const std::uint32_t old = m_currentSlab;
        m_currentSlab = newAllocation(m_poolSize, true);
        m_poolOffset = 0;
        m_slabBytes += m_poolSize;
        if (old != 0 && m_allocations[old].refs == 0) {
            unreferenced(old);
        }
        addExternal(m_poolSize);
    }

    // No chunk refers to `id` any more: the pool may still hold it (the
    // current slab), a retained slice for good, or nothing (freed).
    void unreferenced(std::uint32_t id)
    {
        Allocation& a = m_allocations[id];
        if (id == m_currentSlab) {
            return;
        }
        if (a.pinStage >= 0) {
            m_retainedBytes += a.bytes;
            m_stages[static_cast<std::size_t>(a.pinStage)].retained += a.bytes;
        } else {
            m_externalBytes -= a.bytes;
            if (a.slab) {
                m_slabBytes -= a.bytes;
            }
        }
        // Either way no chunk can name it again: its id is free.
        a.bytes = m_freeList;
        a.freed = true;
        m_freeList = id;
    }

    std::vector<StageMemory> m_stages;
    PeakListener* m_listener = nullptr;
    bool m_tracking = false;
    std::int64_t m_poolSize = 0;
    std::vector<Allocation> m_allocations;  // [0] unused: id 0 is "not tracked"
    std::uint32_t m_freeList = 0;           // first free id, 0 = none
    std::uint32_t m_currentSlab = 0;
    std::int64_t m_poolOffset = 0;  // bytes into the current slab
    std::int64_t m_slabBytes = 0;
    std::int64_t m_retainedBytes = 0;
    std::int64_t m_externalBytes = 0;
    std::int64_t m_heapBytes = 0;
    std::int64_t m_peakBytes = 0;
};

}  // namespace bplab
