#include "random.h"

#include <algorithm>
#include <cmath>

namespace bplab {

// Each product and sum below is rounded to double on its own, as JavaScript
// does; the build turns contraction into FMA off for this file.

double roundHalfUp(double x)
{
    const volatile double shifted = x + 0.5;
    return std::floor(shifted);
}

std::int64_t stepTime(double base, double jitter, Mulberry32& rng)
{
    if (jitter > 0.0) {
        const double u = rng.next();
        const volatile double twoU = 2.0 * u;
        const volatile double centered = twoU - 1.0;
        const volatile double spread = jitter * centered;
        const volatile double factor = 1.0 + spread;
        const volatile double x = base * factor;
        const double t = roundHalfUp(x);
        return static_cast<std::int64_t>(std::max(0.0, t));
    }
    return static_cast<std::int64_t>(roundHalfUp(base));
}

double processingBase(std::int64_t delayMs, double perKibMs, std::int64_t bytes)
{
    const volatile double product = perKibMs * static_cast<double>(bytes);
    const volatile double perKib = product / 1024.0;
    return static_cast<double>(delayMs) + perKib;
}

std::int64_t outputBytes(std::int64_t bytes, double ratio, std::int64_t split)
{
    const volatile double product = static_cast<double>(bytes) * ratio;
    const volatile double each = product / static_cast<double>(split);
    const double rounded = roundHalfUp(each);
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(rounded));
}

}  // namespace bplab
