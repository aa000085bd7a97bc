#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace bplab::charts {

// Min/max decimation for drawing: splits [x0, x1] into `columns` equal
// columns and keeps, for each, the points with the smallest and the largest y
// (in their original order), so that spikes survive. One point just outside
// each end is kept so that lines reach the edges. `points` are sorted by x.
// Columns with at most two points are copied as they are.
QList<QPointF> decimateMinMax(const std::vector<QPointF>& points, double x0, double x1,
                              int columns);

}  // namespace bplab::charts
