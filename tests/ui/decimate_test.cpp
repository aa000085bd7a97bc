#include "bplab_charts/decimate.h"

#include <gtest/gtest.h>

using bplab::charts::decimateMinMax;

TEST(DecimateMinMax, KeepsSmallSeriesAsTheyAre)
{
    const std::vector<QPointF> points = {{0, 1}, {1, 2}, {2, 3}};
    const QList<QPointF> out = decimateMinMax(points, 0, 2, 100);
    ASSERT_EQ(out.size(), 3);
    EXPECT_EQ(out.at(1), QPointF(1, 2));
}

TEST(DecimateMinMax, KeepsASpikeThatFallsBetweenColumns)
{
    std::vector<QPointF> points;
    for (int i = 0; i < 10000; ++i) {
        points.emplace_back(i, i == 4321 ? 1000.0 : 1.0);
    }
    const QList<QPointF> out = decimateMinMax(points, 0, 9999, 100);
    EXPECT_LE(out.size(), 2 * 100 + 4);
    bool spike = false;
    for (const QPointF& p : out) {
        spike = spike || p.y() == 1000.0;
    }
    EXPECT_TRUE(spike);
}

TEST(DecimateMinMax, KeepsOnePointEitherSideOfTheRange)
{
    std::vector<QPointF> points;
    for (int i = 0; i < 100; ++i) {
        points.emplace_back(i, i);
    }
    const QList<QPointF> out = decimateMinMax(points, 10.5, 20.5, 1000);
    ASSERT_FALSE(out.isEmpty());
    EXPECT_EQ(out.first().x(), 10.0);
    EXPECT_EQ(out.last().x(), 21.0);
}
