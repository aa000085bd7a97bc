#include "bplab_ui/experiment/sweep_plot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bplab::ui {

namespace {

constexpr double kLeft = 84.0;    // px: room for the y labels
constexpr double kBottom = 56.0;  // px: x labels and the x title
constexpr double kTop = 34.0;     // px: the title
constexpr double kRight = 24.0;
constexpr double kScaleWidth = 96.0;  // px: the heat map's colour scale
constexpr double kHitRadius = 8.0;    // px

QString plain(double v)
{
    return QString::number(v, 'g', 6);
}

// From pale yellow (low) to dark red (high): readable on a projector and in grey.
QColor heatColour(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    const QColor low(255, 247, 188);
    const QColor mid(254, 153, 41);
    const QColor high(153, 52, 4);
    const auto mix = [](const QColor& a, const QColor& b, double f) {
        return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
                                static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
                                static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
    };
    return fraction < 0.5 ? mix(low, mid, fraction * 2.0) : mix(mid, high, fraction * 2.0 - 1.0);
}

}  // namespace

SweepPlot::SweepPlot(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(360, 260);
    setMouseTracking(false);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
}

void SweepPlot::setData(SweepPlotData data)
{
    m_data = std::move(data);
    update();
}

QRectF SweepPlot::plotArea() const
{
    const double right = m_data.kind == SweepPlotData::Kind::HeatMap ? kScaleWidth : kRight;
    return QRectF(kLeft, kTop, std::max(10.0, width() - kLeft - right),
                  std::max(10.0, height() - kTop - kBottom));
}

double SweepPlot::xRangeLow() const
{
    if (!m_data.xCategories.isEmpty()) {
        return -0.5;
    }
    if (m_data.kind == SweepPlotData::Kind::Scatter) {
        return 0.0;
    }
    double low = std::numeric_limits<double>::infinity();
    for (const auto& p : m_data.points) {
        low = std::min(low, p.x);
    }
    return std::isfinite(low) ? low : 0.0;
}

double SweepPlot::xRangeHigh() const
{
    if (!m_data.xCategories.isEmpty()) {
        return static_cast<double>(m_data.xCategories.size()) - 0.5;
    }
    double high = -std::numeric_limits<double>::infinity();
    for (const auto& p : m_data.points) {
        high = std::max(high, p.x);
    }
    return std::isfinite(high) ? high : 1.0;
}

double SweepPlot::yRangeHigh() const
{
    double high = 0.0;
    for (const auto& p : m_data.points) {
        high = std::max(high, p.y);
    }
    return high > 0.0 ? high * 1.08 : 1.0;
}

double SweepPlot::toPixelX(double x) const
{
    const QRectF area = plotArea();
    double low = xRangeLow();
    double high = xRangeHigh();
    const bool log = m_data.logX && m_data.xCategories.isEmpty() && low > 0.0;
    if (log) {
        low = std::log(low);
        high = std::log(high);
        x = std::log(x);
    }
    if (high <= low) {
        return area.center().x();
    }
    // A margin of half a step at each end keeps the first and last points off the axes.
    const double pad = m_data.kind == SweepPlotData::Kind::Scatter ? 0.04 : 0.05;
    const double f = (x - low) / (high - low);
    return area.left() + area.width() * (pad + f * (1.0 - 2.0 * pad));
}

double SweepPlot::toPixelY(double y) const
{
    const QRectF area = plotArea();
    return area.bottom() - area.height() * (y / yRangeHigh());
}

std::optional<QPointF> SweepPlot::pointPosition(const SweepPlotData::Point& p) const
{
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
        return std::nullopt;
    }
    return QPointF(toPixelX(p.x), toPixelY(p.y));
}

QRectF SweepPlot::cellRect(int row, int column) const
{
    const QRectF area = plotArea();
    const auto rows = static_cast<double>(std::max<qsizetype>(1, m_data.rowLabels.size()));
    const auto columns = static_cast<double>(std::max<qsizetype>(1, m_data.columnLabels.size()));
    const double w = area.width() / columns;
    const double h = area.height() / rows;
    // The first value of the row parameter at the bottom, as on a chart's y axis.
    return QRectF(area.left() + w * column, area.bottom() - h * (row + 1), w, h);
}

int SweepPlot::runAt(QPoint position) const
{
    if (m_data.kind == SweepPlotData::Kind::HeatMap) {
        const auto rows = static_cast<int>(m_data.rowLabels.size());
        const auto columns = static_cast<int>(m_data.columnLabels.size());
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < columns; ++c) {
                if (cellRect(r, c).contains(position)) {
                    const auto run = static_cast<std::size_t>(r * columns + c);
                    return run < m_data.cells.size() && m_data.cells[run] ? r * columns + c : -1;
                }
            }
        }
        return -1;
    }
    int best = -1;
    double bestDistance = kHitRadius;
    for (const auto& p : m_data.points) {
        if (const auto at = pointPosition(p)) {
            const double d = std::hypot(at->x() - position.x(), at->y() - position.y());
            if (d <= bestDistance) {
                bestDistance = d;
                best = p.row;
            }
        }
    }
    return best;
}

std::optional<QPoint> SweepPlot::positionOf(int run) const
{
    if (m_data.kind == SweepPlotData::Kind::HeatMap) {
        const auto columns = static_cast<int>(m_data.columnLabels.size());
        if (columns == 0 || run < 0 || run >= columns * static_cast<int>(m_data.rowLabels.size())) {
            return std::nullopt;
        }
        return cellRect(run / columns, run % columns).center().toPoint();
    }
    for (const auto& p : m_data.points) {
        if (p.row == run) {
            if (const auto at = pointPosition(p)) {
                return at->toPoint();
            }
        }
    }
    return std::nullopt;
}

std::optional<double> SweepPlot::cellValue(int row, int column) const
{
    const auto columns = static_cast<int>(m_data.columnLabels.size());
    const auto index = static_cast<std::size_t>(row * columns + column);
    if (row < 0 || column < 0 || column >= columns || index >= m_data.cells.size()) {
        return std::nullopt;
    }
    return m_data.cells[index];
}

std::vector<int> SweepPlot::paretoFront() const
{
    std::vector<SweepPlotData::Point> sorted = m_data.points;
    // By memory, then by throughput highest first: a point is on the front
    // when its throughput beats every point with less (or as little) memory.
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.x != b.x ? a.x < b.x : a.y > b.y; });
    std::vector<int> front;
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& p : sorted) {
        if (p.y > best) {
            front.push_back(p.row);
            best = p.y;
        }
    }
    return front;
}

void SweepPlot::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = plotArea();
    const QFontMetricsF fm(font());
    const QColor ink(40, 40, 40);
    const QColor grid(225, 225, 225);
    const auto fmtX = m_data.formatX ? m_data.formatX : plain;
    const auto fmtY = m_data.formatY ? m_data.formatY : plain;

    QFont titleFont = font();
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(ink);
    painter.drawText(QRectF(0, 4, width(), kTop - 8), Qt::AlignCenter, m_data.title);
    painter.setFont(font());

    // The axis titles.
    painter.drawText(QRectF(area.left(), height() - fm.height() - 6, area.width(), fm.height()),
                     Qt::AlignCenter, m_data.xTitle);
    painter.save();
    painter.translate(14, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area.height() / 2, -fm.height() / 2, area.height(), fm.height()),
                     Qt::AlignCenter, m_data.yTitle);
    painter.restore();

    if (m_data.kind == SweepPlotData::Kind::HeatMap) {
        const auto rows = static_cast<int>(m_data.rowLabels.size());
        const auto columns = static_cast<int>(m_data.columnLabels.size());
        double low = std::numeric_limits<double>::infinity();
        double high = -std::numeric_limits<double>::infinity();
        for (const auto& v : m_data.cells) {
            if (v) {
                low = std::min(low, *v);
                high = std::max(high, *v);
            }
        }
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < columns; ++c) {
                const QRectF cell = cellRect(r, c).adjusted(0.5, 0.5, -0.5, -0.5);
                const auto value = cellValue(r, c);
                if (!value) {
                    painter.fillRect(cell, QColor(240, 240, 240));
                    continue;
                }
                const double f = high > low ? (*value - low) / (high - low) : 0.5;
                const QColor colour = heatColour(f);
                painter.fillRect(cell, colour);
                const QString text = fmtY(*value);
                if (fm.horizontalAdvance(text) + 4 < cell.width() && fm.height() < cell.height()) {
                    painter.setPen(colour.lightnessF() < 0.45 ? Qt::white : Qt::black);
                    painter.drawText(cell, Qt::AlignCenter, text);
                }
            }
        }
        painter.setPen(ink);
        const int rowStep =
            std::max(1, static_cast<int>(rows * fm.height() * 1.2 / area.height()) + 1);
        for (int r = 0; r < rows; r += rowStep) {
            const QRectF cell = cellRect(r, 0);
            painter.drawText(QRectF(0, cell.top(), kLeft - 6, cell.height()),
                             Qt::AlignRight | Qt::AlignVCenter, m_data.rowLabels[r]);
        }
        double widest = 1.0;
        for (const QString& label : m_data.columnLabels) {
            widest = std::max(widest, fm.horizontalAdvance(label) + 8);
        }
        const int columnStep = std::max(1, static_cast<int>(columns * widest / area.width()) + 1);
        for (int c = 0; c < columns; c += columnStep) {
            const QRectF cell = cellRect(0, c);
            painter.drawText(
                QRectF(cell.center().x() - widest / 2, area.bottom() + 4, widest, fm.height()),
                Qt::AlignCenter, m_data.columnLabels[c]);
        }
        // The colour scale.
        if (low <= high) {
            const QRectF scale(area.right() + 12, area.top(), 14, area.height());
            for (int i = 0; i < 64; ++i) {
                const double f0 = i / 64.0;
                painter.fillRect(
                    QRectF(scale.left(), scale.bottom() - scale.height() * (f0 + 1 / 64.0),
                           scale.width(), scale.height() / 64.0 + 0.5),
                    heatColour(f0));
            }
            painter.setPen(ink);
            painter.drawRect(scale);
            painter.drawText(QPointF(scale.right() + 4, scale.top() + fm.ascent()), fmtY(high));
            painter.drawText(QPointF(scale.right() + 4, scale.bottom()), fmtY(low));
        }
        return;
    }

    // Axes and the y grid.
    painter.setPen(grid);
    const double yHigh = yRangeHigh();
    for (int i = 0; i <= 4; ++i) {
        const double y = yHigh / 1.08 * i / 4.0;
        const double py = toPixelY(y);
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), py), QPointF(area.right(), py));
        painter.setPen(ink);
        painter.drawText(QRectF(0, py - fm.height() / 2, kLeft - 6, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, fmtY(y));
    }
    painter.setPen(ink);
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    painter.drawLine(area.bottomLeft(), area.topLeft());

    // x ticks: each category, each value of a line's parameter, or five steps.
    std::vector<std::pair<double, QString>> ticks;
    if (!m_data.xCategories.isEmpty()) {
        for (qsizetype i = 0; i < m_data.xCategories.size(); ++i) {
            ticks.emplace_back(static_cast<double>(i), m_data.xCategories[i]);
        }
    } else if (m_data.kind == SweepPlotData::Kind::Line) {
        std::vector<double> xs;
        for (const auto& p : m_data.points) {
            xs.push_back(p.x);
        }
        std::sort(xs.begin(), xs.end());
        xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
        for (double x : xs) {
            ticks.emplace_back(x, fmtX(x));
        }
    } else {
        const double high = xRangeHigh();
        for (int i = 0; i <= 4; ++i) {
            ticks.emplace_back(high * i / 4.0, fmtX(high * i / 4.0));
        }
    }
    double lastRight = -1e9;
    for (const auto& [x, label] : ticks) {
        const double px = toPixelX(x);
        const double w = fm.horizontalAdvance(label);
        painter.drawLine(QPointF(px, area.bottom()), QPointF(px, area.bottom() + 4));
        if (px - w / 2 > lastRight + 6) {
            painter.drawText(QRectF(px - w / 2 - 2, area.bottom() + 6, w + 4, fm.height()),
                             Qt::AlignCenter, label);
            lastRight = px + w / 2;
        }
    }

    const QColor blue(25, 103, 170);
    if (m_data.kind == SweepPlotData::Kind::Line) {
        std::vector<QPointF> path;
        std::vector<SweepPlotData::Point> sorted = m_data.points;
        std::sort(sorted.begin(), sorted.end(),
                  [](const auto& a, const auto& b) { return a.x < b.x; });
        for (const auto& p : sorted) {
            if (const auto at = pointPosition(p)) {
                path.push_back(*at);
            }
        }
        painter.setPen(QPen(blue, 2.0));
        for (std::size_t i = 1; i < path.size(); ++i) {
            painter.drawLine(path[i - 1], path[i]);
        }
    } else {
        // The Pareto front: the runs no other run beats on both figures.
        std::vector<QPointF> front;
        for (int run : paretoFront()) {
            for (const auto& p : m_data.points) {
                if (p.row == run) {
                    if (const auto at = pointPosition(p)) {
                        front.push_back(*at);
                    }
                }
            }
        }
        painter.setPen(QPen(QColor(214, 96, 77), 1.5, Qt::DashLine));
        for (std::size_t i = 1; i < front.size(); ++i) {
            painter.drawLine(front[i - 1], front[i]);
        }
    }
    painter.setPen(QPen(Qt::white, 1.0));
    painter.setBrush(blue);
    for (const auto& p : m_data.points) {
        if (const auto at = pointPosition(p)) {
            painter.drawEllipse(*at, 4.5, 4.5);
        }
    }
}

void SweepPlot::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const int run = runAt(event->position().toPoint());
    if (run >= 0) {
        Q_EMIT runClicked(run);
    }
}

}  // namespace bplab::ui
