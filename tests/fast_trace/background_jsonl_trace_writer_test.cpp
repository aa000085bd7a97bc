// BackgroundJsonlTraceWriter (bplab-cli's) writes the bytes appendTraceLine
// and JsonlTraceWriter write, whatever the line, and hands a sink's error to
// the next flush.
#include "bplab_fast_trace/background_jsonl_trace_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bplab_core/trace_jsonl.h"

namespace bplab {
namespace {

const std::vector<std::string> kIds = {"file", "gz\"ip", "sink"};

// Every kind, with values that cover each digit count, through all three writers.
std::vector<TraceEvent> manyEvents(std::vector<std::string>& messages)
{
    messages = {"boom", "Premature close", std::string(5000, 'x')};
    std::vector<TraceEvent> events;
    std::int64_t value = 0;
    for (int i = 0; i < 200'000; ++i) {
        TraceEvent e;
        e.t = i / 7;
        e.stage = (i % 4) - 1;
        e.kind = static_cast<EventKind>(i % kEventKindCount);
        e.ret = (i % 3) == 0;
        e.bytesNull = (i % 11) == 0;
        e.messageNull = (i % 13) == 0;
        value = value * 10 + (i % 10);
        if (value > 1'000'000'000'000'000) {
            value = i % 10;
        }
        e.bytes = value;
        e.length = i;
        e.message = messages[static_cast<std::size_t>(i) % messages.size()];
        events.push_back(e);
    }
    return events;
}

TEST(TraceWriters, WriteTheSameBytesAsAppendTraceLine)
{
    std::vector<std::string> messages;
    const auto events = manyEvents(messages);
    std::string expected;
    for (const auto& e : events) {
        appendTraceLine(expected, e, kIds);
    }
    std::ostringstream plain;
    std::ostringstream background;
    {
        JsonlTraceWriter a(plain, kIds);
        BackgroundJsonlTraceWriter b(background, kIds);
        for (const auto& e : events) {
            a.record(e);
            b.record(e);
        }
        a.flush();
        b.flush();
        EXPECT_EQ(background.str(), expected);  // flush() waited for every line
    }
    EXPECT_EQ(plain.str(), expected);
    EXPECT_EQ(background.str(), expected);
}

TEST(TraceWriters, BackgroundWriterHandlesLongStageIdsAndMessagesLongerThanItsBuffer)
{
    const std::vector<std::string> ids = {std::string(90, 's'), "x"};
    const std::string huge(3 * 1024 * 1024, 'm');
    std::vector<TraceEvent> events;
    for (int i = 0; i < 40'000; ++i) {
        TraceEvent e;
        e.t = 1'000 - i;  // times going down, and below zero
        e.stage = (i % 3) - 1;
        e.kind = static_cast<EventKind>(i % kEventKindCount);
        e.ret = (i % 2) == 0;
        e.bytes = i * 1021;
        e.length = -i;
        e.message = (i % 10'000) == 14 ? std::string_view(huge) : std::string_view("short");
        events.push_back(e);
    }
    std::string expected;
    for (const auto& e : events) {
        appendTraceLine(expected, e, ids);
    }
    std::ostringstream out;
    {
        BackgroundJsonlTraceWriter writer(out, ids);
        for (const auto& e : events) {
            writer.record(e);
        }
    }
    EXPECT_TRUE(out.str() == expected);  // not EXPECT_EQ: the texts are megabytes long
    EXPECT_EQ(out.str().size(), expected.size());
}

TEST(TraceWriters, BackgroundWriterKeepsMessagesValidAfterTheProducerReusesItsStorage)
{
    std::ostringstream out;
    {
        BackgroundJsonlTraceWriter writer(out, kIds);
        std::string message;
        for (int i = 0; i < 50'000; ++i) {
            message = "error " + std::to_string(i);
            writer.record({.t = i, .stage = 0, .kind = EventKind::Error, .message = message});
            message.assign(message.size(), '?');
        }
    }
    std::istringstream lines(out.str());
    std::string text;
    int i = 0;
    while (std::getline(lines, text)) {
        ASSERT_EQ(text, "{\"t\":" + std::to_string(i) +
                            ",\"stage\":\"file\",\"ev\":\"error\",\"message\":\"error " +
                            std::to_string(i) + "\"}");
        ++i;
    }
    EXPECT_EQ(i, 50'000);
}

TEST(TraceWriters, TheBackgroundWriterHandsTheSinksErrorToTheNextFlush)
{
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "no /dev/full here";
    }
    auto sink = FileByteSink::open("/dev/full");
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    BackgroundJsonlTraceWriter writer(**sink, {"a"});
    for (int i = 0; i < 100'000; ++i) {
        writer.record({.t = i, .stage = 0, .kind = EventKind::End});
    }
    EXPECT_THROW(writer.flush(), OutputError);
    // Reported once; what comes after it is dropped, not written.
    writer.record({.t = 0, .stage = 0, .kind = EventKind::End});
    EXPECT_NO_THROW(writer.flush());
}

}  // namespace
}  // namespace bplab
