#include "arena.h"

#include <sys/mman.h>

#include <atomic>
#include <bit>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>

namespace bplab {

namespace {

constexpr std::size_t kBlockHeaderBytes = 16;
constexpr std::size_t kSmallClasses = 16;                // payloads of 16, 32, ..., 256 bytes
constexpr std::size_t kClassCount = kSmallClasses + 27;  // then 512 B .. 32 GiB
constexpr std::uint32_t kMagic = 0xB1AB'A7E4U;
constexpr std::size_t kCommitStep = std::size_t{64} << 20;
constexpr std::size_t kReleaseAtLeast = std::size_t{1} << 20;
constexpr std::size_t kPageBytes = 4096;

// The process-wide reservation: every slot of every arena, so that owning()
// is one subtraction and one comparison. Zero size until the first arena.
std::atomic<std::uintptr_t> g_regionBase{0};
std::atomic<std::uintptr_t> g_regionBytes{0};
std::atomic<SimulationArena*> g_slots[SimulationArena::kSlotCount];
std::mutex g_slotMutex;
bool g_slotTaken[SimulationArena::kSlotCount];

constinit thread_local SimulationArena* t_current = nullptr;

std::size_t classOf(std::size_t bytes)
{
    if (bytes <= 256) {
        return bytes == 0 ? 0 : (bytes - 1) / 16;
    }
    const auto log2 = static_cast<std::size_t>(std::bit_width(bytes - 1));  // ceil(log2(bytes))
    return kSmallClasses + (log2 - 9);
}

std::size_t payloadOf(std::size_t cls)
{
    return cls < kSmallClasses ? (cls + 1) * 16 : std::size_t{512} << (cls - kSmallClasses);
}

std::size_t roundUp(std::size_t value, std::size_t step)
{
    return (value + step - 1) / step * step;
}

struct BlockHeader {
    std::uint32_t cls;
    std::uint32_t magic;
    std::uint64_t offset;  // user pointer minus the block's payload (aligned blocks)
};
static_assert(sizeof(BlockHeader) == kBlockHeaderBytes);

}  // namespace

// At the start of the arena, so that save()/restore() carry it.
struct SimulationArena::Header {
    std::size_t bump;                   // offset of the first byte never handed out
    std::size_t freeHead[kClassCount];  // offset of a free block's payload, or 0
};

SimulationArena::SimulationArena()
{
    std::lock_guard lock(g_slotMutex);
    if (g_regionBytes.load(std::memory_order_relaxed) == 0) {
        const std::size_t bytes = kSlotBytes * kSlotCount;
        void* region =
            ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (region == MAP_FAILED) {
            throw std::bad_alloc();
        }
        g_regionBase.store(reinterpret_cast<std::uintptr_t>(region), std::memory_order_relaxed);
        g_regionBytes.store(bytes, std::memory_order_release);
    }
    std::size_t slot = 0;
    while (slot < kSlotCount && g_slotTaken[slot]) {
        ++slot;
    }
    if (slot == kSlotCount) {
        throw std::bad_alloc();
    }
    g_slotTaken[slot] = true;
    m_slot = slot;
    m_base = reinterpret_cast<std::byte*>(g_regionBase.load(std::memory_order_relaxed)) +
             slot * kSlotBytes;
    commitThrough(sizeof(Header));
    Header& h = header();
    std::memset(&h, 0, sizeof h);
    h.bump = roundUp(sizeof(Header), 16);
    g_slots[slot].store(this, std::memory_order_release);
}

SimulationArena::~SimulationArena()
{
    if (t_current == this) {
        t_current = nullptr;
    }
    ::madvise(m_base, m_committed, MADV_DONTNEED);
    ::mprotect(m_base, m_committed, PROT_NONE);
    std::lock_guard lock(g_slotMutex);
    g_slots[m_slot].store(nullptr, std::memory_order_release);
    g_slotTaken[m_slot] = false;
}

SimulationArena::Header& SimulationArena::header() const
{
    return *reinterpret_cast<Header*>(m_base);
}

void SimulationArena::commitThrough(std::size_t end)
{
    if (end <= m_committed) {
        return;
    }
    if (end > kSlotBytes) {
        throw std::bad_alloc();
    }
    const std::size_t target = std::min(roundUp(end, kCommitStep), kSlotBytes);
    if (::mprotect(m_base + m_committed, target - m_committed, PROT_READ | PROT_WRITE) != 0) {
        throw std::bad_alloc();
    }
    m_committed = target;
}

void* SimulationArena::allocate(std::size_t bytes, std::size_t alignment)
{
    const bool aligned = alignment > 16;
    const std::size_t need = aligned ? bytes + alignment : bytes;
    if (need < bytes || need > kSlotBytes) {
        throw std::bad_alloc();
    }
    const std::size_t cls = classOf(need);
    Header& h = header();
    std::byte* payload = nullptr;
    if (h.freeHead[cls] != 0) {
        payload = m_base + h.freeHead[cls];
        std::uint64_t next = 0;
        std::memcpy(&next, payload, sizeof next);
        h.freeHead[cls] = next;
    } else {
        const std::size_t start = h.bump;
        const std::size_t end = start + kBlockHeaderBytes + payloadOf(cls);
        commitThrough(end);
        h.bump = end;
        payload = m_base + start + kBlockHeaderBytes;
    }
    const BlockHeader head{static_cast<std::uint32_t>(cls), kMagic, 0};
    std::memcpy(payload - kBlockHeaderBytes, &head, sizeof head);
    if (!aligned) {
        return payload;
    }
    // The user pointer, aligned, with a header of its own just before it
    // that leads back to the block.
    const auto raw = reinterpret_cast<std::uintptr_t>(payload) + kBlockHeaderBytes;
    const std::uintptr_t user = (raw + alignment - 1) / alignment * alignment;
    const BlockHeader inner{static_cast<std::uint32_t>(cls), kMagic,
                            user - reinterpret_cast<std::uintptr_t>(payload)};
    std::memcpy(reinterpret_cast<std::byte*>(user) - kBlockHeaderBytes, &inner, sizeof inner);
    return reinterpret_cast<void*>(user);
}

void SimulationArena::deallocate(void* block)
{
    auto* user = static_cast<std::byte*>(block);
    BlockHeader head{};
    std::memcpy(&head, user - kBlockHeaderBytes, sizeof head);
    assert(head.magic == kMagic);
    std::byte* payload = user - head.offset;
    const std::uint64_t next = header().freeHead[head.cls];
    std::memcpy(payload, &next, sizeof next);
    header().freeHead[head.cls] = static_cast<std::size_t>(payload - m_base);
}

std::size_t SimulationArena::usedBytes() const
{
    return header().bump;
}

SimulationArena::Image::~Image()
{
    if (m_data != nullptr) {
        ::munmap(m_data, m_capacity);
    }
}

SimulationArena::Image::Image(Image&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)),
      m_capacity(std::exchange(other.m_capacity, 0))
{
}

SimulationArena::Image& SimulationArena::Image::operator=(Image&& other) noexcept
{
    if (this != &other) {
        if (m_data != nullptr) {
            ::munmap(m_data, m_capacity);
        }
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

SimulationArena::Image SimulationArena::save() const
{
    Image image;
    saveInto(image);
    return image;
}

void SimulationArena::saveInto(Image& image) const
{
    const std::size_t size = usedBytes();
    if (image.m_capacity < size) {
        const std::size_t capacity = roundUp(size, kPageBytes);
        void* pages =
            ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (pages == MAP_FAILED) {
            throw std::bad_alloc();
        }
        image = Image();
        image.m_data = static_cast<std::byte*>(pages);
        image.m_capacity = capacity;
    }
    std::memcpy(image.m_data, m_base, size);
    image.m_size = size;
}

void SimulationArena::restore(const Image& image)
{
    const std::size_t before = usedBytes();
    std::memcpy(m_base, image.m_data, image.m_size);
    const std::size_t from = roundUp(image.m_size, kPageBytes);
    const std::size_t to = roundUp(before, kPageBytes);
    if (to > from && to - from >= kReleaseAtLeast) {
        ::madvise(m_base + from, to - from, MADV_DONTNEED);
    }
}

SimulationArena* SimulationArena::owning(const void* block)
{
    const auto address = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t offset = address - g_regionBase.load(std::memory_order_relaxed);
    if (offset >= g_regionBytes.load(std::memory_order_acquire)) [[likely]] {
        return nullptr;
    }
    return g_slots[offset / kSlotBytes].load(std::memory_order_relaxed);
}

SimulationArena* SimulationArena::current()
{
    return t_current;
}

ArenaScope::ArenaScope(SimulationArena* arena) : m_previous(t_current)
{
    t_current = arena;
}

ArenaScope::~ArenaScope()
{
    t_current = m_previous;
}

}  // namespace bplab

// ------------------------------------------------------------------ operator new/delete
//
// Replaced for the whole program: outside a recording they are malloc/free
// behind one thread-local test (new) and one address test (delete).

namespace {

void* heapAllocate(std::size_t bytes)
{
    for (;;) {
        if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) {
            return p;
        }
        std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) {
            throw std::bad_alloc();
        }
        handler();
    }
}

void* heapAllocateAligned(std::size_t bytes, std::size_t alignment)
{
    for (;;) {
        void* p = nullptr;
        if (::posix_memalign(&p, alignment, bytes == 0 ? 1 : bytes) == 0) {
            return p;
        }
        std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) {
            throw std::bad_alloc();
        }
        handler();
    }
}

void* allocate(std::size_t bytes)
{
    if (bplab::SimulationArena* arena = bplab::t_current) [[unlikely]] {
        return arena->allocate(bytes, 16);
    }
    return heapAllocate(bytes);
}

void* allocateAligned(std::size_t bytes, std::align_val_t alignment)
{
    const auto align = static_cast<std::size_t>(alignment);
    if (bplab::SimulationArena* arena = bplab::t_current) [[unlikely]] {
        return arena->allocate(bytes, align);
    }
    return heapAllocateAligned(bytes, align);
}

void release(void* block) noexcept
{
    if (block == nullptr) {
        return;
    }
    if (bplab::SimulationArena* arena = bplab::SimulationArena::owning(block)) [[unlikely]] {
        arena->deallocate(block);
        return;
    }
    std::free(block);
}

}  // namespace

// NOLINTBEGIN(readability-identifier-naming)
void* operator new(std::size_t bytes)
{
    return allocate(bytes);
}
void* operator new[](std::size_t bytes)
{
    return allocate(bytes);
}
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept
{
    try {
        return allocate(bytes);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept
{
    try {
        return allocate(bytes);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t bytes, std::align_val_t alignment)
{
    return allocateAligned(bytes, alignment);
}
void* operator new[](std::size_t bytes, std::align_val_t alignment)
{
    return allocateAligned(bytes, alignment);
}
void* operator new(std::size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept
{
    try {
        return allocateAligned(bytes, alignment);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept
{
    try {
        return allocateAligned(bytes, alignment);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* block) noexcept
{
    release(block);
}
void operator delete[](void* block) noexcept
{
    release(block);
}
void operator delete(void* block, std::size_t) noexcept
{
    release(block);
}
void operator delete[](void* block, std::size_t) noexcept
{
    release(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept
{
    release(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept
{
    release(block);
}
void operator delete(void* block, std::align_val_t) noexcept
{
    release(block);
}
void operator delete[](void* block, std::align_val_t) noexcept
{
    release(block);
}
void operator delete(void* block, std::size_t, std::align_val_t) noexcept
{
    release(block);
}
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept
{
    release(block);
}
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept
{
    release(block);
}
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept
{
    release(block);
}
// NOLINTEND(readability-identifier-naming)
