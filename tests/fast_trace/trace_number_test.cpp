// Numbers in trace lines are written by table lookups four digits at a time
// and the line start is reused while the time stays the same: every digit
// count, sign and boundary must still read as std::to_string writes it.
#include "bplab_core/trace_jsonl.h"
#include "bplab_fast_trace/background_jsonl_trace_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bplab {
namespace {

const std::vector<std::string> kIds = {"sink"};

std::string expectedDrainLine(std::int64_t t, std::int64_t wlen)
{
    return "{\"t\":" + std::to_string(t) +
           ",\"stage\":\"sink\",\"ev\":\"drain\",\"wlen\":" + std::to_string(wlen) + "}\n";
}

std::vector<std::int64_t> boundaryValues()
{
    std::vector<std::int64_t> values = {std::numeric_limits<std::int64_t>::min(),
                                        std::numeric_limits<std::int64_t>::max(), 0xFFFFFFFFLL,
                                        0x100000000LL};
    std::int64_t power = 1;
    for (int digits = 1; digits <= 18; ++digits) {
        power *= 10;
        for (const std::int64_t v : {power / 10, power - 1, power, power + 1, power / 2 + 7}) {
            values.push_back(v);
            values.push_back(-v);
        }
    }
    return values;
}

TEST(TraceNumbers, EveryDigitCountAndSignReadsAsToString)
{
    const TraceLineFormatter formatter(kIds);
    for (const std::int64_t v : boundaryValues()) {
        const TraceEvent e{.t = v, .stage = 0, .kind = EventKind::Drain, .length = v};
        std::string viaAppend;
        appendTraceLine(viaAppend, e, kIds);
        EXPECT_EQ(viaAppend, expectedDrainLine(v, v));
        std::string buffer(formatter.maxLineBytes(e), '\0');
        char* end = formatter.format(buffer.data(), e);
        EXPECT_EQ(std::string(buffer.data(), end), expectedDrainLine(v, v));
    }
}

TEST(TraceNumbers, LinesOfTheSameTimeAndOfTheNextTimeKeepTheirOwnTime)
{
    const TraceLineFormatter formatter(kIds);
    const std::vector<std::int64_t> times = {5, 5, 5, 123456, 123456, 5, 0, 0, 99999, 100000};
    std::int64_t wlen = 0;
    for (const std::int64_t t : times) {
        const TraceEvent e{.t = t, .stage = 0, .kind = EventKind::Drain, .length = wlen};
        std::string buffer(formatter.maxLineBytes(e), '\0');
        char* end = formatter.format(buffer.data(), e);
        EXPECT_EQ(std::string(buffer.data(), end), expectedDrainLine(t, wlen));
        wlen = wlen * 10 + 7;
    }
}

}  // namespace
}  // namespace bplab
