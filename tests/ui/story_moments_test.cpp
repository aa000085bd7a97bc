#include <gtest/gtest.h>

#include <string>

#include "bplab_core/scenario.h"
#include "bplab_ui/story/story_moments.h"

namespace bplab::ui {
namespace {

Scenario conformanceScenario(const std::string& name)
{
    const auto loaded = loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) +
                                         "/../../tests/conformance/scenarios/" + name + ".json");
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    return loaded.ok() ? loaded.value() : Scenario{};
}

QString momentOfAFullBuffer(const Scenario& scenario, int stage)
{
    TraceEvent write;
    write.kind = EventKind::Write;
    write.stage = stage;
    write.ret = false;
    const auto moment = storyMomentOf(write, 0, scenario);
    return moment ? moment->text : QString();
}

TEST(StoryMoments, AFullBufferIsToldByTheWiringOfItsOwnPair)
{
    // naive into "parser", for await into the middle stage, pipe into the sink.
    const Scenario scenario = conformanceScenario("wiring-array-naive-for-await-pipe");
    ASSERT_EQ(scenario.stages.size(), 4u);
    const auto id = [&](int i) {
        return QString::fromStdString(scenario.stages[static_cast<std::size_t>(i)].id);
    };

    EXPECT_EQ(momentOfAFullBuffer(scenario, 1),
              id(1) + QStringLiteral("'s buffer is full: write() returned false, and the naive "
                                     "loop writes on anyway"));
    EXPECT_EQ(momentOfAFullBuffer(scenario, 2),
              id(2) +
                  QStringLiteral("'s buffer is full: write() returned false, so the for await "
                                 "loop awaits 'drain' before it reads ") +
                  id(1) + QStringLiteral(" again"));
    EXPECT_EQ(momentOfAFullBuffer(scenario, 3),
              id(3) +
                  QStringLiteral("'s buffer is full: write() returned false, so pipe() pauses ") +
                  id(2));
}

}  // namespace
}  // namespace bplab::ui
