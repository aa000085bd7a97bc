#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

namespace bplab::charts {

// Our whole interface to the charts: no drawing detail appears
// here. Times are virtual seconds; values are in whatever unit the chart's
// formatter speaks (bytes, objects, bytes/s, ...).

enum class LineStyle { Solid, Dashed };

struct SeriesStyle {
    QString name;
    QColor color;
    double width = 2.0;
    LineStyle line = LineStyle::Solid;
    // Fill the area between this line and zero. For stacked areas hand
    // cumulative values and add the top band first, so lower bands paint
    // over it.
    bool filled = false;
    // The band just below in a stack (-1: none): the hover readout then
    // shows this band's own share, not the cumulative value.
    int stackedOn = -1;
    bool inLegend = true;
    bool inReadout = true;  // listed when the pointer hovers the chart
};

// Kinds of marks differ in shape as well as colour (colour-blind safe).
enum class MarkerShape { Circle, Rectangle, Triangle, Diamond, Star, Pentagon, TriangleDown };

struct MarkerStyle {
    QString name;
    QColor color;
    MarkerShape shape = MarkerShape::Circle;
    double size = 12.0;  // pixels
};

// A chart of values over virtual time, one of a stack that shares the time
// axis. Usage per frame: setTimeRange() (if it moved), then setSeriesPoints()
// / setMarkers() for what changed, then commit().
//
// Series are handed whole; the chart keeps a copy for the hover readout and
// hands the plot at most about one point per pixel column (min/max
// decimation). Hidden charts should not be fed.
class TimeChart : public QWidget {
    Q_OBJECT
public:
    explicit TimeChart(QWidget* parent = nullptr);
    ~TimeChart() override;
    TimeChart(const TimeChart&) = delete;
    TimeChart& operator=(const TimeChart&) = delete;

    // The chart's name and its unit, shown in bold above the legend (never
    // elided: the legend column has room for them whatever the height).
    void setTitle(const QString& title);
    void setValueAxisTitle(const QString& title);  // the unit, e.g. "KiB"
    [[nodiscard]] QString headerText() const;
    // Charts stacked over one time axis show its labels only at the bottom.
    void setTimeAxisLabelsVisible(bool visible);
    // Pixels between the widget's edges and the plot (labels, legend); the
    // same margins on stacked charts line their time axes up.
    void setPlotMargins(int left, int right);
    // Formats values on the hover readout (default: "%g").
    void setValueFormatter(std::function<QString(double)> format);
    // Turns the value axis into lanes: lane i is drawn at y = i, labelled.
    void setLanes(const QStringList& labels);

    void clear();  // removes every series and marker style
    int addSeries(const SeriesStyle& style);
    int addMarkerStyle(const MarkerStyle& style);
    void setSeriesVisible(int id, bool visible);

    // `points` sorted by time (virtual s).
    void setSeriesPoints(int id, std::vector<QPointF> points);
    void setMarkers(int style, const std::vector<QPointF>& points);
    // How many events each of the style's last markers stands for (parallel
    // to the points of setMarkers(), which clears them): a count above 1 is
    // written beside its mark, so dense marks say how dense they are.
    void setMarkerCounts(int style, std::vector<int> counts);
    [[nodiscard]] const std::vector<int>& markerCounts(int style) const;

    // The visible time range, in virtual seconds. Only a change reaches the
    // axis (moving an axis costs a full relayout).
    void setTimeRange(double t0, double t1);
    // The value axis grows (and shrinks, with hysteresis) to fit the data
    // unless a fixed range is set.
    void setFixedValueRange(double min, double max);
    void setMinimumValueMax(double max);  // never shows less than [0, max]
    void commit();

    // The shared hover cursor (virtual s); NaN hides it.
    void setCursorTime(double t);

    // The chart as a picture with its title, legend and time axis, at least
    // `minimum` pixels (and never smaller than on screen).
    QImage exportImage(QSize minimum = QSize(900, 300));

    // Colours for text, grid and background: the widget's palette (light or
    // dark) or the projector theme, which is black on white with thicker
    // lines. Re-applied on palette and font changes.
    void setHighContrast(bool on);
    [[nodiscard]] bool highContrast() const;

    // The points last handed to a series, for tests.
    [[nodiscard]] const std::vector<QPointF>& seriesPoints(int id) const;
    // The markers last handed to a style, for tests.
    [[nodiscard]] const std::vector<QPointF>& markerPoints(int style) const;
    // The names of the series and marker styles, in the order added, and the
    // lanes' labels (top first), for tests.
    [[nodiscard]] QStringList seriesNames() const;
    [[nodiscard]] QStringList laneLabels() const;
    // Where the legend column is, in this widget's pixels.
    [[nodiscard]] QRect legendGeometry() const;

    // Where the point (virtual s, value) is drawn, in this widget's pixels.
    [[nodiscard]] QPointF positionOf(QPointF point) const;

Q_SIGNALS:
    void cursorMoved(double t);  // NaN when the pointer leaves
    // A left click within a few pixels of a marker: its style and point (as
    // handed to setMarkers()). The nearest one when several are that close.
    void markerClicked(int style, QPointF point);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace bplab::charts
