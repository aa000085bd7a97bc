#pragma once

#include <cstdint>
#include <stdexcept>

namespace bplab {

// mulberry32 exactly as scenario-v1 section 2 writes it: all sums and products
// mod 2^32 on unsigned 32-bit values.
class Mulberry32 {
public:
    explicit Mulberry32(std::uint32_t state = 0) : m_state(state) {}

    // The state of stage i's generator: (seed + (i + 1) * 0x9E3779B9) mod 2^32.
    static Mulberry32 forStage(std::uint32_t seed, std::uint32_t stageIndex)
    {
        return Mulberry32(seed + (stageIndex + 1u) * 0x9E3779B9u);
    }

    // One draw: u in [0, 1).
    double next()
    {
        m_state += 0x6D2B79F5u;
        std::uint32_t z = m_state;
        z = (z ^ (z >> 15)) * (z | 1u);
        z = z ^ (z + (z ^ (z >> 7)) * (z | 61u));
        return static_cast<double>(z ^ (z >> 14)) / 4294967296.0;
    }

    [[nodiscard]] std::uint32_t state() const { return m_state; }

private:
    std::uint32_t m_state;
};

// round(x) = floor(x + 0.5), in IEEE double.
double roundHalfUp(double x);
// The largest integer a double (a JavaScript number) holds exactly, 2^53-1.
inline constexpr double kMaxSafeDouble = 9007199254740991.0;
// x as an integer, when it is one within ±(2^53-1); otherwise (NaN and
// infinities included) throws std::range_error naming the value. The one way
// the core turns a computed double into an integer.
std::int64_t toSafeInteger(double x);

// The time of one step (virtual ms): round(base), or with jitter j > 0 one
// draw u and max(0, round(base * (1 + j * (2u - 1)))). Evaluated left to right
// without fused multiply-add (the core is built with -ffp-contract=off).
// Throws std::range_error (toSafeInteger) when the time passes 2^53-1.
std::int64_t stepTime(double base, double jitter, Mulberry32& rng);

// base for a transform/writable step: delay + per_kib * b / 1024.
double processingBase(std::int64_t delayMs, double perKibMs, std::int64_t bytes);

// max(1, round(b * ratio / split)): the size of one transform output.
// Throws std::range_error (toSafeInteger) when the size passes 2^53-1.
std::int64_t outputBytes(std::int64_t bytes, double ratio, std::int64_t split);

}  // namespace bplab
