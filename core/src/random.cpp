#include "random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace bplab {

// Each product and sum below is rounded to double on its own, as JavaScript
// does: x86-64 computes doubles in SSE registers (no wider intermediate) and
// the core is built with -ffp-contract=off (no fused multiply-add).

namespace {

// floor(x), exactly, without a call into libm on the hot path.
double floorExact(double x)
{
    // From 2^52 up every double is an integer (and NaN falls through).
    if (!(std::fabs(x) < 4503599627370496.0)) {
        return std::floor(x);
    }
    // In range: |x| < 2^52.
    const auto truncated = static_cast<double>(static_cast<std::int64_t>(x));
    return truncated > x ? truncated - 1.0 : truncated;
}

}  // namespace

double roundHalfUp(double x)
{
    return floorExact(x + 0.5);
}

std::int64_t toSafeInteger(double x)
{
    if (!(x >= -kMaxSafeDouble && x <= kMaxSafeDouble)) [[unlikely]] {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", x);
        throw std::range_error(std::string(text) + " is beyond 2^53-1 (9007199254740991)");
    }
    return static_cast<std::int64_t>(x);
}

std::int64_t stepTime(double base, double jitter, Mulberry32& rng)
{
    if (jitter > 0.0) {
        const double u = rng.next();
        const double twoU = 2.0 * u;
        const double centered = twoU - 1.0;
        const double spread = jitter * centered;
        const double factor = 1.0 + spread;
        const double x = base * factor;
        const double t = roundHalfUp(x);
        return toSafeInteger(std::max(0.0, t));
    }
    return toSafeInteger(roundHalfUp(base));
}

double processingBase(std::int64_t delayMs, double perKibMs, std::int64_t bytes)
{
    const double product = perKibMs * static_cast<double>(bytes);
    const double perKib = product / 1024.0;
    return static_cast<double>(delayMs) + perKib;
}

std::int64_t outputBytes(std::int64_t bytes, double ratio, std::int64_t split)
{
    const double product = static_cast<double>(bytes) * ratio;
    const double each = product / static_cast<double>(split);
    const double rounded = roundHalfUp(each);
    return std::max<std::int64_t>(1, toSafeInteger(rounded));
}

}  // namespace bplab
