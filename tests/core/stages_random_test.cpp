// Stage arithmetic of scenario-v1 section 2. Expected numbers were printed by
// JavaScript (Node 24) evaluating the spec's formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "random.h"

namespace bplab {
namespace {

TEST(Mulberry32, StageStateIsSeedPlusIndexPlusOneTimesTheGoldenRatioModTwoToThe32)
{
    EXPECT_EQ(Mulberry32::forStage(1, 0).state(), 2654435770u);
    EXPECT_EQ(Mulberry32::forStage(42, 2).state(), 3668340053u);
    EXPECT_EQ(Mulberry32::forStage(4294967295u, 1).state(), 1013904241u);
}

TEST(Mulberry32, FirstDrawsEqualJavaScriptsToTheBit)
{
    Mulberry32 a = Mulberry32::forStage(1, 0);
    EXPECT_EQ(a.next(), 0.89145042048767209);
    EXPECT_EQ(a.next(), 0.0065442309714853764);
    EXPECT_EQ(a.next(), 0.21408124826848507);

    Mulberry32 b = Mulberry32::forStage(42, 2);
    EXPECT_EQ(b.next(), 0.48984174872748554);
    EXPECT_EQ(b.next(), 0.85119860153645277);
    EXPECT_EQ(b.next(), 0.074710969813168049);

    Mulberry32 c = Mulberry32::forStage(4294967295u, 1);
    EXPECT_EQ(c.next(), 0.67429736070334911);
    EXPECT_EQ(c.next(), 0.62783297500573099);
    EXPECT_EQ(c.next(), 0.49868484260514379);
}

TEST(Rounding, HalfwayRoundsTowardsPositiveInfinity)
{
    EXPECT_EQ(roundHalfUp(2.5), 3.0);
    EXPECT_EQ(roundHalfUp(1.5), 2.0);
    EXPECT_EQ(roundHalfUp(-0.5), 0.0);
    EXPECT_EQ(roundHalfUp(-1.5), -1.0);
}

TEST(Rounding, IsFloorOfXPlusHalfInDoubleEvenWhereThatDiffersFromMathRound)
{
    // 0.49999999999999994 + 0.5 is exactly 1 in IEEE double.
    EXPECT_EQ(roundHalfUp(0.49999999999999994), 1.0);
}

TEST(Rounding, AgreesWithFloorOfXPlusHalfAcrossTheWholeRangeOfDoubles)
{
    const double values[] = {0.0,
                             -0.0,
                             0.25,
                             -0.75,
                             -2.5,
                             -3.4,
                             1e9 + 0.5,
                             -1e9 - 0.5,
                             4503599627370495.5,  // 2^52 - 0.5: the last with a fraction
                             4503599627370496.0,  // 2^52
                             -4503599627370495.5,
                             9007199254740993.0,  // above 2^53
                             1e300,
                             -1e300,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity()};
    for (const double x : values) {
        EXPECT_EQ(roundHalfUp(x), std::floor(x + 0.5)) << x;
    }
    // Every value between -10 and 10 in steps of 1/64 (exact in binary).
    for (int i = -640; i <= 640; ++i) {
        const double x = i / 64.0;
        EXPECT_EQ(roundHalfUp(x), std::floor(x + 0.5)) << x;
    }
    EXPECT_TRUE(std::isnan(roundHalfUp(std::numeric_limits<double>::quiet_NaN())));
}

TEST(StepTime, WithoutJitterNothingIsDrawn)
{
    Mulberry32 rng = Mulberry32::forStage(1, 0);
    const std::uint32_t before = rng.state();
    EXPECT_EQ(stepTime(7.5, 0.0, rng), 8);
    EXPECT_EQ(rng.state(), before);
}

TEST(StepTime, JitteredTimesEqualJavaScripts)
{
    // base 8, jitter 0.25, stage 1 of seed 1.
    Mulberry32 rng = Mulberry32::forStage(1, 1);
    const std::int64_t expected[] = {9, 7, 9, 8, 9, 7};
    for (std::int64_t e : expected) {
        EXPECT_EQ(stepTime(8.0, 0.25, rng), e);
    }
}

TEST(StepTime, JitterStaysWithinBaseTimesOneMinusJToOnePlusJ)
{
    Mulberry32 rng = Mulberry32::forStage(7, 3);
    for (int i = 0; i < 10000; ++i) {
        const std::int64_t t = stepTime(100.0, 0.5, rng);
        ASSERT_GE(t, 50);
        ASSERT_LE(t, 150);
    }
}

TEST(StepTime, NeverNegative)
{
    Mulberry32 rng = Mulberry32::forStage(3, 0);
    for (int i = 0; i < 1000; ++i) {
        ASSERT_GE(stepTime(0.4, 1.0, rng), 0);
    }
}

TEST(ProcessingTime, IsDelayPlusPerKibTimesBytesOver1024)
{
    Mulberry32 rng;
    // 3 + 1.5 * 1000 / 1024 = 4.46...
    EXPECT_EQ(stepTime(processingBase(3, 1.5, 1000), 0.0, rng), 4);
    EXPECT_EQ(processingBase(0, 1.0, 1024), 1.0);
}

TEST(TransformOutput, IsRatioTimesBytesOverSplitRoundedAndAtLeastOneByte)
{
    EXPECT_EQ(outputBytes(1000, 0.3, 3), 100);
    EXPECT_EQ(outputBytes(10, 0.01, 1), 1);
    EXPECT_EQ(outputBytes(4096, 0.25, 1), 1024);
    EXPECT_EQ(outputBytes(5, 0.5, 1), 3);  // 2.5 rounds up
}

}  // namespace
}  // namespace bplab
