#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace bplab {

// Memory at a stable address for one simulation, so that the simulation's
// whole state can be copied out and copied back byte for byte (see
// docs/design/recorded-runs.md).
//
// While an arena is current on a thread (ArenaScope), the global operator
// new of that thread allocates from it; operator delete returns a block to
// the arena it came from, found by its address, whatever is current. The
// allocator's own state (free lists, bump offset) lives at the start of the
// arena, so save()/restore() carry it along.
//
// An arena is a slot of one process-wide reservation of address space:
// kSlotBytes of virtual space each, committed as they are used. Not
// thread-safe: one thread at a time allocates from an arena.
class SimulationArena {
public:
    static constexpr std::size_t kSlotBytes = std::size_t{32} << 30;  // 32 GiB
    static constexpr std::size_t kSlotCount = 32;

    // Throws std::bad_alloc when the reservation fails or every slot is taken.
    SimulationArena();
    ~SimulationArena();
    SimulationArena(const SimulationArena&) = delete;
    SimulationArena& operator=(const SimulationArena&) = delete;

    // Throws std::bad_alloc when the slot is full.
    void* allocate(std::size_t bytes, std::size_t alignment);
    void deallocate(void* block);

    // Bytes from the start of the arena to its high-water mark: what a
    // checkpoint copies.
    [[nodiscard]] std::size_t usedBytes() const;

    // A copy of [base, base + usedBytes()), in pages of its own (mapped, not
    // from the heap: released exactly, so the process holds what the copies
    // hold).
    class Image {
    public:
        Image() = default;
        ~Image();
        Image(Image&& other) noexcept;
        Image& operator=(Image&& other) noexcept;
        Image(const Image&) = delete;
        Image& operator=(const Image&) = delete;
        [[nodiscard]] std::size_t size() const { return m_size; }
        [[nodiscard]] std::size_t capacity() const { return m_capacity; }  // bytes mapped

    private:
        friend class SimulationArena;
        std::byte* m_data = nullptr;
        std::size_t m_size = 0;
        std::size_t m_capacity = 0;
    };
    [[nodiscard]] Image save() const;
    // The same into `image`, reusing its pages when they are enough.
    void saveInto(Image& image) const;
    // Copies `image` back to the same addresses; everything allocated since
    // it was saved is gone. No allocation from this arena may be live outside
    // the image's objects (the caller's pointers into it are those the image
    // knows). Pages past the image's end are given back to the system.
    void restore(const Image& image);

    // The arena a block of memory belongs to, or nullptr.
    static SimulationArena* owning(const void* block);
    // The arena current on this thread, or nullptr.
    static SimulationArena* current();

private:
    friend class ArenaScope;
    struct Header;
    Header& header() const;
    void commitThrough(std::size_t end);

    std::byte* m_base = nullptr;
    std::size_t m_slot = 0;
    std::size_t m_committed = 0;
};

// Makes `arena` (nullptr: none) current on this thread for the scope's life,
// then restores the one that was current before.
class ArenaScope {
public:
    explicit ArenaScope(SimulationArena* arena);
    ~ArenaScope();
    ArenaScope(const ArenaScope&) = delete;
    ArenaScope& operator=(const ArenaScope&) = delete;

private:
    SimulationArena* m_previous;
};

}  // namespace bplab
