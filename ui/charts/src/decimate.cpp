#include "bplab_charts/decimate.h"

#include <algorithm>
#include <cmath>

namespace bplab::charts {

QList<QPointF> decimateMinMax(const std::vector<QPointF>& points, double x0, double x1, int columns)
{
    QList<QPointF> out;
    if (points.empty()) {
        return out;
    }
    const auto byX = [](const QPointF& p, double x) { return p.x() < x; };
    auto first = std::lower_bound(points.begin(), points.end(), x0, byX);
    auto last = std::lower_bound(first, points.end(), x1, byX);  // first point with x >= x1
    if (first != points.begin()) {
        --first;  // the line enters from the left edge
    }
    if (last != points.end()) {
        ++last;  // and leaves through the right edge
    }
    const auto count = static_cast<std::size_t>(last - first);
    if (columns < 1 || x1 <= x0 || count <= static_cast<std::size_t>(columns) * 2u) {
        out.reserve(static_cast<qsizetype>(count));
        for (auto it = first; it != last; ++it) {
            out.append(*it);
        }
        return out;
    }

    out.reserve(columns * 2 + 2);
    const double width = (x1 - x0) / columns;
    auto it = first;
    while (it != last) {
        const double column = std::floor((it->x() - x0) / width);
        auto minIt = it;
        auto maxIt = it;
        auto columnEnd = it;
        std::size_t inColumn = 0;
        while (columnEnd != last && std::floor((columnEnd->x() - x0) / width) == column) {
            if (columnEnd->y() < minIt->y()) {
                minIt = columnEnd;
            }
            if (columnEnd->y() > maxIt->y()) {
                maxIt = columnEnd;
            }
            ++columnEnd;
            ++inColumn;
        }
        if (inColumn <= 2) {
            for (auto p = it; p != columnEnd; ++p) {
                out.append(*p);
            }
        } else if (minIt == maxIt) {
            out.append(*minIt);
        } else if (minIt < maxIt) {
            out.append(*minIt);
            out.append(*maxIt);
        } else {
            out.append(*maxIt);
            out.append(*minIt);
        }
        it = columnEnd;
    }
    return out;
}

}  // namespace bplab::charts
