// appendTraceLine: the one JSON Lines form of a trace line.
#include "bplab_core/trace_jsonl.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace bplab {
namespace {

const std::vector<std::string> kIds = {"file", "gz\"ip", "sink"};

std::string line(const TraceEvent& event)
{
    std::string out;
    appendTraceLine(out, event, kIds);
    return out;
}

TEST(TraceLine, PutsTStageAndEvFirstThenTheFieldsOfTheKind)
{
    EXPECT_EQ(line({.t = 12,
                    .stage = 0,
                    .kind = EventKind::Push,
                    .ret = false,
                    .bytes = 4096,
                    .length = 65536}),
              "{\"t\":12,\"stage\":\"file\",\"ev\":\"push\",\"bytes\":4096,\"ret\":false,\"rlen\":"
              "65536}\n");
    EXPECT_EQ(
        line({.t = 0, .stage = 2, .kind = EventKind::Write, .ret = true, .bytes = 1, .length = 0}),
        "{\"t\":0,\"stage\":\"sink\",\"ev\":\"write\",\"bytes\":1,\"ret\":true,\"wlen\":0}\n");
    EXPECT_EQ(line({.t = 7, .stage = 2, .kind = EventKind::Drain, .length = 0}),
              "{\"t\":7,\"stage\":\"sink\",\"ev\":\"drain\",\"wlen\":0}\n");
    EXPECT_EQ(line({.t = 7, .stage = 0, .kind = EventKind::End}),
              "{\"t\":7,\"stage\":\"file\",\"ev\":\"end\"}\n");
}

TEST(TraceLine, WritesNullForEndOfFileAndForAPipelineWithoutError)
{
    EXPECT_EQ(
        line({.t = 3, .stage = 0, .kind = EventKind::Push, .bytesNull = true, .length = 0}),
        "{\"t\":3,\"stage\":\"file\",\"ev\":\"push\",\"bytes\":null,\"ret\":false,\"rlen\":0}\n");
    EXPECT_EQ(line({.t = 9, .stage = kAllStages, .kind = EventKind::Pipeline, .messageNull = true}),
              "{\"t\":9,\"stage\":\"*\",\"ev\":\"pipeline\",\"error\":null}\n");
}

TEST(TraceLine, EscapesStageIdsAndMessagesAsJson)
{
    EXPECT_EQ(line({.t = 1, .stage = 1, .kind = EventKind::Error, .message = "bad \"row\"\n\x01"}),
              "{\"t\":1,\"stage\":\"gz\\\"ip\",\"ev\":\"error\",\"message\":\"bad "
              "\\\"row\\\"\\n\\u0001\"}\n");
}

TEST(TraceLine, WritesLargeAndNegativeNumbersExactly)
{
    EXPECT_EQ(line({.t = 9'007'199'254'740'991,
                    .stage = kAllStages,
                    .kind = EventKind::Oom,
                    .bytes = 5'000'000'000}),
              "{\"t\":9007199254740991,\"stage\":\"*\",\"ev\":\"oom\",\"bytes\":5000000000}\n");
    EXPECT_EQ(line({.t = 0, .stage = 0, .kind = EventKind::Read, .length = -1}),
              "{\"t\":0,\"stage\":\"file\",\"ev\":\"read\",\"rlen\":-1}\n");
}

}  // namespace
}  // namespace bplab
