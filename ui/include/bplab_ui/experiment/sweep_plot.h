#pragma once

#include <QPoint>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

namespace bplab::ui {

// What a SweepPlot draws. Rows are the sweep's combination indices
// (sweepValues' order: the last axis varies fastest).
struct SweepPlotData {
    enum class Kind {
        Line,     // one varied parameter: the metric per value
        HeatMap,  // two: rows are the first parameter's values, columns the second's
        Scatter,  // throughput (y) against peak memory (x), one point per run
    };
    struct Point {
        int row = 0;  // the combination's index
        double x = 0.0;
        double y = 0.0;
    };
    Kind kind = Kind::Line;
    QString title;
    QString xTitle;
    QString yTitle;
    // Line: a categorical x (words, true/false) when not empty; x is then
    // the category's index. Otherwise x is the value, on a log axis when logX.
    QStringList xCategories;
    bool logX = false;
    std::vector<Point> points;  // Line and Scatter: the runs done (and valid)
    // HeatMap: the values of both parameters, and cells[row * columns + column]
    // (= the combination's index) for the runs done.
    QStringList rowLabels;
    QStringList columnLabels;
    std::vector<std::optional<double>> cells;
    // How x and y (Scatter), y (Line) or a cell's value (HeatMap) read as text.
    std::function<QString(double)> formatX;
    std::function<QString(double)> formatY;
};

// Line chart, heat map or scatter of a sweep's results, painted by hand (a heat
// map is not a time series, and a click must name exactly one run).
// Clicking a point or a cell emits runClicked with its combination's index.
// GUI thread only.
class SweepPlot final : public QWidget {
    Q_OBJECT
public:
    explicit SweepPlot(QWidget* parent = nullptr);

    void setData(SweepPlotData data);
    [[nodiscard]] const SweepPlotData& data() const { return m_data; }
    // The combination under `position` (a point within 8 px, or a cell), or -1.
    [[nodiscard]] int runAt(QPoint position) const;
    // Where the run's point or cell centre is drawn; nullopt when not shown.
    [[nodiscard]] std::optional<QPoint> positionOf(int run) const;
    // HeatMap: the value of a cell, nullopt for a run not done (or failed).
    [[nodiscard]] std::optional<double> cellValue(int row, int column) const;
    // Scatter: the runs on the Pareto front (no other run has both less peak
    // memory and more throughput), by increasing memory.
    [[nodiscard]] std::vector<int> paretoFront() const;

Q_SIGNALS:
    void runClicked(int run);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] QRectF plotArea() const;
    [[nodiscard]] double xRangeLow() const;
    [[nodiscard]] double xRangeHigh() const;
    [[nodiscard]] double yRangeHigh() const;
    [[nodiscard]] std::optional<QPointF> pointPosition(const SweepPlotData::Point& p) const;
    [[nodiscard]] double toPixelX(double x) const;
    [[nodiscard]] double toPixelY(double y) const;
    [[nodiscard]] QRectF cellRect(int row, int column) const;

    SweepPlotData m_data;
};

}  // namespace bplab::ui
