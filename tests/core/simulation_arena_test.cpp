// The arena a recorded simulation lives in: what is allocated in its scope
// lands in it, and a restore brings back its bytes and its allocator.

#include "arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace bplab {
namespace {

TEST(SimulationArena, AllocationsInItsScopeLandInItAndOthersDoNot)
{
    SimulationArena arena;
    std::unique_ptr<int> outside = std::make_unique<int>(1);
    std::unique_ptr<int> inside;
    SimulationArena* currentWhileSuspended = &arena;
    SimulationArena* ownerWhileSuspended = &arena;
    SimulationArena* currentAfterwards = nullptr;
    // (No assertion inside a scope: a failure's message would land in the arena.)
    {
        ArenaScope scope(&arena);
        inside = std::make_unique<int>(2);
        {
            ArenaScope suspended(nullptr);
            currentWhileSuspended = SimulationArena::current();
            std::unique_ptr<int> again = std::make_unique<int>(3);
            ownerWhileSuspended = SimulationArena::owning(again.get());
        }
        currentAfterwards = SimulationArena::current();
    }
    EXPECT_EQ(currentWhileSuspended, nullptr);
    EXPECT_EQ(ownerWhileSuspended, nullptr);
    EXPECT_EQ(currentAfterwards, &arena);
    EXPECT_EQ(SimulationArena::current(), nullptr);
    EXPECT_EQ(SimulationArena::owning(inside.get()), &arena);
    EXPECT_EQ(SimulationArena::owning(outside.get()), nullptr);
    inside.reset();  // returned to the arena, though it is not current
}

TEST(SimulationArena, AFreedBlockIsReusedForTheSameSize)
{
    SimulationArena arena;
    void* first = nullptr;
    void* second = nullptr;
    {
        ArenaScope scope(&arena);
        first = ::operator new(40);
        ::operator delete(first);
        second = ::operator new(48);  // the same 48-byte class
        ::operator delete(second);
    }
    EXPECT_EQ(second, first);
}

TEST(SimulationArena, AlignedAllocationsAreAlignedAndOwned)
{
    SimulationArena arena;
    void* p = nullptr;
    {
        ArenaScope scope(&arena);
        p = ::operator new (100, std::align_val_t{256});
    }
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 256, 0U);
    EXPECT_EQ(SimulationArena::owning(p), &arena);
    ::operator delete (p, std::align_val_t{256});
}

TEST(SimulationArena, ARestoreBringsBackTheObjectsAndTheAllocatorAsTheyWere)
{
    SimulationArena arena;
    std::vector<std::string>* words = nullptr;
    {
        ArenaScope scope(&arena);
        words = new std::vector<std::string>{"pause", "a string too long for the small buffer"};
    }
    // As a recording's roots are: reachable from memory the compiler cannot
    // see through. A pointer from new that never escapes lets the compiler
    // assume no other write (the restore's copy) reaches its object.
    asm volatile("" : : "r"(words) : "memory");
    const SimulationArena::Image image = arena.save();
    EXPECT_EQ(image.size(), arena.usedBytes());
    void* nextBefore = nullptr;
    {
        ArenaScope scope(&arena);
        nextBefore = ::operator new(4000);
        words->push_back("drain");
        (*words)[0] = "resume, and long enough to need a block of its own";
    }
    arena.restore(image);
    ASSERT_EQ(words->size(), 2U);
    EXPECT_EQ((*words)[0], "pause");
    EXPECT_EQ((*words)[1], "a string too long for the small buffer");
    void* nextAfter = nullptr;
    {
        ArenaScope scope(&arena);
        nextAfter = ::operator new(4000);
        ::operator delete(nextAfter);
        delete words;
    }
    EXPECT_EQ(nextAfter, nextBefore);  // the same allocator state: the same block comes next
}

}  // namespace
}  // namespace bplab
