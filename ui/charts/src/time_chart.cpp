#include "bplab_charts/time_chart.h"

#include "bplab_charts/decimate.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QFontInfo>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QPointer>
#include <QResizeEvent>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bplab::charts {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1, 2, 2.5, 5 times a power of ten, at least `value`.
double niceCeil(double value)
{
    if (value <= 0.0 || !std::isfinite(value)) {
        return 1.0;
    }
    const double exponent = std::floor(std::log10(value));
    const double base = std::pow(10.0, exponent);
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * base >= value * (1.0 - 1e-9)) {
            return step * base;
        }
    }
    return 10.0 * base;
}

QString shapeGlyph(MarkerShape shape)
{
    switch (shape) {
        case MarkerShape::Rectangle:
            return QStringLiteral("&#9632;");
        case MarkerShape::Triangle:
            return QStringLiteral("&#9650;");
        case MarkerShape::Diamond:
            return QStringLiteral("&#9670;");
        case MarkerShape::Star:
            return QStringLiteral("&#9733;");
        case MarkerShape::Pentagon:
            return QStringLiteral("&#11039;");
        case MarkerShape::TriangleDown:
            return QStringLiteral("&#9660;");
        case MarkerShape::Circle:
            break;
    }
    return QStringLiteral("&#9679;");
}

// A triangle pointing down, `size` pixels wide, for the mark Qt Charts has no
// shape for.
QImage downTriangle(double size, const QColor& fill, const QColor& border)
{
    const int side = std::max(4, static_cast<int>(std::lround(size)));
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(border, 1.0));
    painter.setBrush(fill);
    const double s = side - 1.0;
    const QPointF corners[] = {QPointF(0.5, 0.5), QPointF(s, 0.5), QPointF(s / 2.0 + 0.25, s)};
    painter.drawPolygon(corners, 3);
    return image;
}

QScatterSeries::MarkerShape scatterShape(MarkerShape shape)
{
    switch (shape) {
        case MarkerShape::Rectangle:
            return QScatterSeries::MarkerShapeRectangle;
        case MarkerShape::Triangle:
            return QScatterSeries::MarkerShapeTriangle;
        case MarkerShape::Diamond:
            return QScatterSeries::MarkerShapeRotatedRectangle;
        case MarkerShape::Star:
            return QScatterSeries::MarkerShapeStar;
        case MarkerShape::Pentagon:
            return QScatterSeries::MarkerShapePentagon;
        case MarkerShape::TriangleDown:
            break;  // drawn as an image: see downTriangle()
        case MarkerShape::Circle:
            break;
    }
    return QScatterSeries::MarkerShapeCircle;
}

QString defaultFormat(double value)
{
    return QString::number(value, 'g', 4);
}

class ChartView final : public QChartView {
public:
    ChartView(QChart* chart, std::function<void(QPointF)> onMove, std::function<void()> onLeave)
        : QChartView(chart), m_onMove(std::move(onMove)), m_onLeave(std::move(onLeave))
    {
        setMouseTracking(true);
        viewport()->setMouseTracking(true);  // hover without a button held
        setRenderHint(QPainter::Antialiasing, true);
        setFrameShape(QFrame::NoFrame);
    }

protected:
    void mouseMoveEvent(QMouseEvent* event) override
    {
        m_onMove(event->position());
        QChartView::mouseMoveEvent(event);
    }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton && onPress) {
            onPress(event->position());
        }
        QChartView::mousePressEvent(event);
    }
    void leaveEvent(QEvent* event) override
    {
        m_onLeave();
        QChartView::leaveEvent(event);
    }
    void resizeEvent(QResizeEvent* event) override
    {
        QChartView::resizeEvent(event);
        if (onResize) {
            onResize();
        }
    }

public:
    std::function<void()> onResize;
    std::function<void(QPointF)> onPress;  // view pixels

private:
    std::function<void(QPointF)> m_onMove;
    std::function<void()> m_onLeave;
};

}  // namespace

class TimeChart::Impl {
public:
    struct Series {
        SeriesStyle style;
        QLineSeries* line = nullptr;
        QAreaSeries* area = nullptr;  // when filled; owns nothing of ours
        std::vector<QPointF> data;
        double plottedMax = 0.0;
        bool visible = true;
    };
    struct Markers {
        MarkerStyle style;
        QScatterSeries* scatter = nullptr;
        std::vector<QPointF> data;
        std::vector<int> counts;                            // per point of data, or empty
        std::vector<QGraphicsSimpleTextItem*> countLabels;  // owned by the chart, reused
    };

    QChart* chart = nullptr;
    ChartView* view = nullptr;
    QValueAxis* timeAxis = nullptr;
    QValueAxis* valueAxis = nullptr;
    QGraphicsLineItem* cursorLine = nullptr;
    QLabel* readout = nullptr;
    QLabel* legend = nullptr;  // ours: Qt's legend cannot share a fixed plot area
    QStringList lanes;
    std::vector<Series> series;
    std::vector<Markers> markers;
    std::function<QString(double)> format = defaultFormat;
    double t0 = 0.0;
    double t1 = 10.0;
    double cursor = kNaN;
    bool fixedRange = false;
    double minimumMax = 1.0;
    double valueMax = 1.0;
    QString title;
    QString valueTitle;
    bool highContrast = false;
    std::vector<QGraphicsSimpleTextItem*> laneLabels;  // owned by the chart
    QFont laneFont;       // the lane names' font before placeLaneLabels() fits it
    int marginLeft = -1;  // < 0: laid out by Qt Charts
    int marginRight = 0;

    [[nodiscard]] int columns() const
    {
        const double width = chart->plotArea().width();
        // About one point per pixel column: min/max gives two per column.
        return std::max(16, static_cast<int>(width / 2.0));
    }

    // A fixed plot area, so that stacked charts line their time axes up
    // whatever the width of their labels and legends.
    void updatePlotArea()
    {
        if (marginLeft < 0) {
            return;
        }
        updatePlotAreaFor(view->size());
    }

    // Pixels under the plot: the time labels and their title, when shown.
    [[nodiscard]] double bottomMargin() const
    {
        if (!timeAxis->labelsVisible()) {
            return 12.0;
        }
        const QFontMetricsF labels(timeAxis->labelsFont());
        const QFontMetricsF titleMetrics(timeAxis->titleFont());
        // Qt Charts elides every label, and the title, that gets less than
        // its padded height: on a projector, room with a quarter to spare.
        const double spare = highContrast ? 1.25 : 1.0;
        return (labels.lineSpacing() + titleMetrics.lineSpacing()) * spare + 16.0;
    }

    void updatePlotAreaFor(QSizeF size)
    {
        if (marginLeft < 0) {
            return;
        }
        const double top = 10.0;
        const double bottom = bottomMargin();
        const QRectF area(marginLeft, top, std::max(10.0, size.width() - marginLeft - marginRight),
                          std::max(10.0, size.height() - top - bottom));
        chart->setPlotArea(area);
        placeLaneLabels();
        placeCountLabels();
    }

    // The number beside each mark that stands for more than one event, at
    // the mark's upper right.
    void placeCountLabels()
    {
        QFont font = chart->font();
        font.setPixelSize(std::max(9, QFontInfo(view->font()).pixelSize() * 3 / 4));
        font.setBold(true);
        const QColor text = textColour();
        for (Markers& m : markers) {
            std::size_t used = 0;
            for (std::size_t i = 0; i < m.counts.size() && i < m.data.size(); ++i) {
                if (m.counts[i] <= 1) {
                    continue;
                }
                if (used == m.countLabels.size()) {
                    auto* item = new QGraphicsSimpleTextItem(chart);
                    item->setZValue(900);
                    m.countLabels.push_back(item);
                }
                QGraphicsSimpleTextItem* item = m.countLabels[used++];
                item->setFont(font);
                item->setBrush(text);
                item->setText(QString::number(m.counts[i]));
                const QPointF at = chart->mapToPosition(m.data[i], m.scatter);
                const double half = m.style.size / 2.0;
                item->setPos(at.x() + half * 0.6,
                             at.y() - half - item->boundingRect().height() * 0.6);
                item->show();
            }
            for (std::size_t i = used; i < m.countLabels.size(); ++i) {
                m.countLabels[i]->hide();
            }
        }
    }

    // As many value labels as fit: Qt Charts elides a label that gets less
    // than its height, and the charts are short.
    void updateTimeTicks();

    [[nodiscard]] QString header() const
    {
        if (title.isEmpty()) {
            return valueTitle;
        }
        return valueTitle.isEmpty() ? title
                                    : title + QStringLiteral(" (") + valueTitle + QLatin1Char(')');
    }

    [[nodiscard]] QColor textColour() const
    {
        return highContrast ? QColor(0, 0, 0)
                            : view->parentWidget()->palette().color(QPalette::Text);
    }
    [[nodiscard]] QColor backgroundColour() const
    {
        return highContrast ? QColor(255, 255, 255)
                            : view->parentWidget()->palette().color(QPalette::Base);
    }

    // The title and unit first, then one row per series and marker style, in
    // as many columns (up to three) as the height needs; what still does not
    // fit is counted ("+3 more"), never cut.
    void updateLegend()
    {
        struct Row {
            QString html;
            QString text;
        };
        std::vector<Row> rows;
        const auto row = [](const QColor& colour, const QString& swatch, const QString& name) {
            return Row{QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3")
                           .arg(colour.name(), swatch, name.toHtmlEscaped()),
                       QStringLiteral("## ") + name};
        };
        for (const Series& s : series) {
            if (s.style.inLegend && s.visible) {
                rows.push_back(row(s.style.color,
                                   s.style.line == LineStyle::Dashed
                                       ? QStringLiteral("&#8211; &#8211;")
                                       : QStringLiteral("&#9632;"),
                                   s.style.name));
            }
        }
        for (const Markers& m : markers) {
            rows.push_back(row(m.style.color, shapeGlyph(m.style.shape), m.style.name));
        }
        const QFontMetrics metrics(legend->font());
        const int line = std::max(1, metrics.lineSpacing());
        const QString head = header();
        QFont headFont = legend->font();
        headFont.setBold(true);
        const int usable = std::max(1, legend->width() - 10);
        const int headLines =
            head.isEmpty() ? 0 : 1 + QFontMetrics(headFont).horizontalAdvance(head) / usable;
        int widest = 1;
        for (const Row& r : rows) {
            widest = std::max(widest, metrics.horizontalAdvance(r.text));
        }
        // Rows never wrap: as many columns as the widest row allows, as many
        // rows as the height allows, and what is left is counted.
        const int perColumn = std::max(1, (legend->height() - 14) / line - headLines);
        const int maxColumns = std::clamp(usable / (widest + 8), 1, 3);
        int columns = 1;
        while (columns<maxColumns&& static_cast<int>(rows.size())> perColumn * columns) {
            ++columns;
        }
        const auto fit = static_cast<std::size_t>(perColumn * columns);
        QStringList cells;
        for (const Row& r : rows) {
            cells << r.html;
        }
        if (rows.size() > fit) {
            const auto more = static_cast<qsizetype>(rows.size() - (fit - 1));
            cells = cells.mid(0, static_cast<qsizetype>(fit) - 1);
            cells << QStringLiteral("+%1 more").arg(more);
        }
        QString html = QStringLiteral("<div style='color:%1'>").arg(textColour().name());
        if (!head.isEmpty()) {
            html += QStringLiteral("<b>%1</b>").arg(head.toHtmlEscaped());
        }
        const qsizetype per = (cells.size() + columns - 1) / std::max(1, columns);
        html += QStringLiteral("<table cellspacing=0 cellpadding=0><tr>");
        for (int c = 0; c < columns; ++c) {
            if (c > 0) {
                html += QStringLiteral("<td width=8></td>");
            }
            html += QStringLiteral("<td style='white-space:nowrap'>") +
                    cells.mid(c * per, per).join(QStringLiteral("<br>")) + QStringLiteral("</td>");
        }
        html += QStringLiteral("</tr></table></div>");
        legend->setText(html);
    }

    // Fonts from the widget's own (which follows the window's, e.g. in
    // presenter mode), colours from its palette or the projector theme.
    void applyLook(const QFont& base)
    {
        QFont titleFont = base;
        titleFont.setBold(true);
        chart->setTitleFont(titleFont);
        // Labels a little smaller than the body, except on a projector.
        QFont labelFont = base;
        if (!highContrast && base.pointSizeF() > 0) {
            labelFont.setPointSizeF(base.pointSizeF() * 0.9);
        } else if (!highContrast && base.pixelSize() > 0) {
            labelFont.setPixelSize(std::max(8, base.pixelSize() * 9 / 10));
        }
        QFont axisTitleFont = labelFont;
        axisTitleFont.setBold(true);
        const QColor text = textColour();
        const QColor grid =
            highContrast ? QColor(150, 150, 150) : view->palette().color(QPalette::Mid);
        // On a projector the time axis's labels a size below the rest: Qt
        // Charts elides all of them in large type under a short chart.
        QFont timeFont = labelFont;
        QFont timeTitleFont = axisTitleFont;
        if (highContrast && base.pixelSize() > 0) {
            timeFont.setPixelSize(std::max(10, base.pixelSize() * 3 / 4));
            timeTitleFont.setPixelSize(std::max(10, base.pixelSize() * 3 / 4));
        }
        timeAxis->setLabelsFont(timeFont);
        timeAxis->setTitleFont(timeTitleFont);
        valueAxis->setLabelsFont(labelFont);
        valueAxis->setTitleFont(axisTitleFont);
        for (QValueAxis* axis : {timeAxis, valueAxis}) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setLinePenColor(text);
            axis->setGridLineColor(grid);
        }
        chart->setBackgroundBrush(backgroundColour());
        chart->setPlotAreaBackgroundVisible(false);
        legend->setFont(labelFont);
        legend->setStyleSheet(
            QStringLiteral("QLabel { background: %1; }").arg(backgroundColour().name()));
        laneFont = base;
        laneFont.setBold(true);
        for (QGraphicsSimpleTextItem* item : laneLabels) {
            item->setBrush(text);
        }
        cursorLine->setPen(QPen(text, 1.5, Qt::DashLine));
        placeLaneLabels();
        placeCountLabels();
        updateLegend();
    }

    void placeLaneLabels()
    {
        const QRectF plot = chart->plotArea();
        const auto n = static_cast<double>(laneLabels.size());
        // Names taller than a lane (many stages in large type) shrink to
        // the lane's height rather than run into each other.
        QFont font = laneFont;
        const double pitch = n > 0 ? plot.height() / n : 0.0;
        if (pitch > 0.0 && QFontMetricsF(font).height() > pitch) {
            font.setPixelSize(std::max(7, static_cast<int>(pitch * 0.85)));
        }
        for (std::size_t i = 0; i < laneLabels.size(); ++i) {
            QGraphicsSimpleTextItem* item = laneLabels[i];
            if (item->font() != font) {
                item->setFont(font);
            }
            const QRectF box = item->boundingRect();
            const double y = plot.bottom() - (static_cast<double>(i) + 0.5) / n * plot.height();
            item->setPos(plot.left() - box.width() - 8.0, y - box.height() / 2.0);
        }
    }

    void updateValueTicks()
    {
        if (valueAxis == nullptr || !lanes.isEmpty()) {
            return;
        }
        const double plotHeight = std::max(1.0, view->height() - 40.0);
        const double labels = std::clamp(std::floor(plotHeight / 26.0), 2.0, 6.0);
        const double max = valueAxis->max() - valueAxis->min();
        valueAxis->setTickType(QValueAxis::TicksDynamic);
        valueAxis->setTickAnchor(0.0);
        valueAxis->setTickInterval(niceCeil(max / (labels - 1.0)));
    }

    // Moves an axis with dynamic ticks without ever laying out more than a
    // handful: the interval grows before the range does, and shrinks after.
    static void setRangeAndInterval(QValueAxis* axis, double min, double max, double interval)
    {
        if (interval >= axis->tickInterval()) {
            axis->setTickInterval(interval);
            axis->setRange(min, max);
        } else {
            axis->setRange(min, max);
            axis->setTickInterval(interval);
        }
    }

    [[nodiscard]] double valueTickInterval(double span) const
    {
        const double plotHeight = std::max(1.0, view->height() - 40.0);
        const double labels = std::clamp(std::floor(plotHeight / 26.0), 2.0, 6.0);
        return niceCeil(span / (labels - 1.0));
    }

    void attach(QAbstractSeries* s)
    {
        chart->addSeries(s);
        s->attachAxis(timeAxis);
        s->attachAxis(valueAxis);
    }

    void replot(Series& s)
    {
        const QList<QPointF> points = decimateMinMax(s.data, t0, t1, columns());
        double top = 0.0;
        for (const QPointF& p : points) {
            top = std::max(top, p.y());
        }
        s.plottedMax = top;
        s.line->replace(points);
    }

    void updateCursor()
    {
        if (std::isnan(cursor) || cursor < t0 || cursor > t1) {
            cursorLine->hide();
            readout->hide();
            return;
        }
        const QRectF plot = chart->plotArea();
        const double x = plot.left() + (cursor - t0) / (t1 - t0) * plot.width();
        cursorLine->setLine(x, plot.top(), x, plot.bottom());
        cursorLine->show();

        QStringList lines;
        lines << QStringLiteral("<b>t = %1 s</b>").arg(cursor, 0, 'f', 3);
        const auto valueAt = [this](const Series& s, double& value) {
            auto it = std::upper_bound(s.data.begin(), s.data.end(), cursor,
                                       [](double t, const QPointF& p) { return t < p.x(); });
            if (it == s.data.begin()) {
                return false;
            }
            value = std::prev(it)->y();
            return true;
        };
        for (const Series& s : series) {
            if (!s.visible || !s.style.inReadout || s.data.empty()) {
                continue;
            }
            double value = 0.0;
            if (!valueAt(s, value)) {
                continue;
            }
            double below = 0.0;
            if (s.style.stackedOn >= 0 &&
                static_cast<std::size_t>(s.style.stackedOn) < series.size() &&
                valueAt(series[static_cast<std::size_t>(s.style.stackedOn)], below)) {
                value -= below;
            }
            lines << QStringLiteral("<span style='color:%1'>&#9632;</span> %2: %3")
                         .arg(s.style.color.name(), s.style.name.toHtmlEscaped(), format(value));
        }
        // Markers within a few pixels of the cursor.
        const double pixelsPerSecond = plot.width() / std::max(1e-9, t1 - t0);
        const double near = 6.0 / pixelsPerSecond;
        int listed = 0;
        for (const Markers& m : markers) {
            for (const QPointF& p : m.data) {
                if (std::abs(p.x() - cursor) <= near && listed < 8) {
                    const auto lane = static_cast<qsizetype>(std::lround(p.y()));
                    const QString where =
                        (lane >= 0 && lane < lanes.size()) ? lanes.at(lane) : QString();
                    lines << QStringLiteral("<span style='color:%1'>&#9679;</span> %2 %3 at %4 s")
                                 .arg(m.style.color.name(), m.style.name.toHtmlEscaped(),
                                      where.toHtmlEscaped())
                                 .arg(p.x(), 0, 'f', 3);
                    ++listed;
                }
            }
        }
        readout->setText(lines.join(QStringLiteral("<br>")));
        readout->adjustSize();
        const QPoint viewPos = view->mapFromScene(QPointF(x, plot.top()));
        int left = viewPos.x() + 12;
        if (left + readout->width() > view->width()) {
            left = viewPos.x() - 12 - readout->width();
        }
        readout->move(std::max(0, left), viewPos.y() + 4);
        readout->show();
        readout->raise();
    }
};

TimeChart::TimeChart(QWidget* parent) : QWidget(parent), m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.chart = new QChart();
    d.chart->setAnimationOptions(QChart::NoAnimation);
    d.chart->setMargins(QMargins(4, 2, 8, 2));
    d.chart->layout()->setContentsMargins(0, 0, 0, 0);
    d.chart->setBackgroundRoundness(0);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    titleFont.setBold(true);
    d.chart->setTitleFont(titleFont);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.95);
    d.chart->legend()->setFont(legendFont);
    d.chart->legend()->setAlignment(Qt::AlignRight);

    d.timeAxis = new QValueAxis();
    d.timeAxis->setLabelFormat(QStringLiteral("%.1f"));
    d.timeAxis->setTitleText(QStringLiteral("virtual time (s)"));
    d.timeAxis->setRange(d.t0, d.t1);
    d.timeAxis->setTickType(QValueAxis::TicksDynamic);
    d.timeAxis->setTickAnchor(0.0);
    d.timeAxis->setTickInterval(1.0);
    d.chart->addAxis(d.timeAxis, Qt::AlignBottom);

    QFont axisTitleFont = font();
    axisTitleFont.setPointSizeF(axisTitleFont.pointSizeF() * 0.9);
    axisTitleFont.setBold(true);
    d.timeAxis->setTitleFont(axisTitleFont);
    d.valueAxis = new QValueAxis();
    d.valueAxis->setTitleFont(axisTitleFont);
    d.valueAxis->setLabelFormat(QStringLiteral("%g"));
    d.valueAxis->setRange(0.0, 1.0);
    d.chart->addAxis(d.valueAxis, Qt::AlignLeft);

    d.view = new ChartView(
        d.chart,
        [this](QPointF pos) {
            Impl& i = *m_impl;
            const QPointF scenePos = i.view->mapToScene(pos.toPoint());
            if (!i.chart->plotArea().contains(scenePos)) {
                setCursorTime(kNaN);
                Q_EMIT cursorMoved(kNaN);
                return;
            }
            const double t = i.chart->mapToValue(scenePos).x();
            setCursorTime(t);
            Q_EMIT cursorMoved(t);
        },
        [this] {
            setCursorTime(kNaN);
            Q_EMIT cursorMoved(kNaN);
        });

    d.view->onPress = [this](QPointF pos) {
        Impl& i = *m_impl;
        const QPointF scenePos = i.view->mapToScene(pos.toPoint());
        constexpr double kReach = 8.0;  // pixels
        double best = kReach * kReach;
        int bestStyle = -1;
        QPointF bestPoint;
        for (std::size_t m = 0; m < i.markers.size(); ++m) {
            for (const QPointF& p : i.markers[m].data) {
                const QPointF at = i.chart->mapToPosition(p);
                const double dx = at.x() - scenePos.x();
                const double dy = at.y() - scenePos.y();
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    bestStyle = static_cast<int>(m);
                    bestPoint = p;
                }
            }
        }
        if (bestStyle >= 0) {
            Q_EMIT markerClicked(bestStyle, bestPoint);
        }
    };

    // The plot area follows the view, whose size settles after ours.
    d.view->onResize = [this] {
        m_impl->updatePlotArea();
        m_impl->updateTimeTicks();
        m_impl->updateValueTicks();
        m_impl->updateLegend();
    };

    d.cursorLine = new QGraphicsLineItem(d.chart);
    d.cursorLine->setPen(QPen(QColor(40, 40, 40), 1.5, Qt::DashLine));
    d.cursorLine->setZValue(1000);
    d.cursorLine->hide();

    d.readout = new QLabel(d.view);
    d.readout->setTextFormat(Qt::RichText);
    d.readout->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(255,255,255,235); color: #111; border: 1px solid "
                       "#555; padding: 4px; }"));
    d.readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    d.readout->hide();

    d.chart->legend()->hide();
    d.legend = new QLabel(this);
    d.legend->setTextFormat(Qt::RichText);
    d.legend->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    d.legend->setFixedWidth(270);
    QFont legendLabelFont = font();
    legendLabelFont.setPointSizeF(legendLabelFont.pointSizeF() * 0.9);
    d.legend->setFont(legendLabelFont);
    d.legend->setContentsMargins(4, 8, 4, 4);
    d.legend->setWordWrap(true);
    // Its text never makes the chart taller: rows that do not fit are counted.
    d.legend->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Ignored);
    d.valueAxis->setTitleVisible(false);  // the legend's header names the unit, unelided

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(d.view, 1);
    layout->addWidget(d.legend);
    setMinimumHeight(64);
    d.applyLook(font());
}

TimeChart::~TimeChart() = default;

void TimeChart::setTitle(const QString& title)
{
    m_impl->title = title;
    m_impl->updateLegend();
}

QString TimeChart::headerText() const
{
    return m_impl->header();
}

void TimeChart::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_impl->applyLook(font());
        // The room under the plot, or for the legend, follows the font.
        setTimeAxisLabelsVisible(m_impl->timeAxis->labelsVisible());
        m_impl->updatePlotArea();
        m_impl->updateTimeTicks();
        m_impl->updateValueTicks();
    }
}

void TimeChart::setHighContrast(bool on)
{
    if (m_impl->highContrast != on) {
        m_impl->highContrast = on;
        m_impl->applyLook(font());
        QResizeEvent resize(size(), size());
        resizeEvent(&resize);  // the legend's width
    }
}

bool TimeChart::highContrast() const
{
    return m_impl->highContrast;
}

const std::vector<QPointF>& TimeChart::seriesPoints(int id) const
{
    return m_impl->series.at(static_cast<std::size_t>(id)).data;
}

const std::vector<QPointF>& TimeChart::markerPoints(int style) const
{
    return m_impl->markers.at(static_cast<std::size_t>(style)).data;
}

QRect TimeChart::legendGeometry() const
{
    return m_impl->legend->geometry();
}

void TimeChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The legend gives way on narrow windows (docks beside the charts); the
    // view's own resize then lays the plot out.
    m_impl->legend->setFixedWidth(m_impl->highContrast ? std::clamp(width() / 3, 150, 420)
                                                       : std::clamp(width() / 4, 150, 270));
}

void TimeChart::setPlotMargins(int left, int right)
{
    m_impl->marginLeft = left;
    m_impl->marginRight = right;
    m_impl->updatePlotArea();
}

void TimeChart::setTimeAxisLabelsVisible(bool visible)
{
    m_impl->timeAxis->setLabelsVisible(visible);
    m_impl->timeAxis->setTitleVisible(visible);
    // Room for the time labels and title under the plot, or Qt Charts elides them.
    // Qt Charts elides every time label ("...") when the chart is shorter.
    // Without them a chart may be a little shorter: a 1024x768 window keeps
    // the story strip's every line.
    // Without them, room for the legend's head and two of its rows (large
    // type on a projector needs more than the 76 pixels of a small window).
    const int legendRows = 14 + 3 * QFontMetrics(m_impl->legend->font()).lineSpacing();
    setMinimumHeight(visible ? std::max(125, static_cast<int>(m_impl->bottomMargin()) + 80)
                             : std::max(76, legendRows));
    m_impl->updatePlotArea();
}

QImage TimeChart::exportImage(QSize minimum)
{
    Impl& d = *m_impl;
    const int legendWidth = d.legend->width();
    const QSize size = this->size().expandedTo(minimum);
    const QSizeF plotSize(size.width() - legendWidth, size.height());
    const bool labels = d.timeAxis->labelsVisible();
    const QSizeF oldSize = d.chart->size();
    const bool cursorShown = d.cursorLine->isVisible();
    const bool readoutShown = d.readout->isVisible();
    d.cursorLine->hide();
    d.readout->hide();
    // Every exported chart has its time axis, whatever it shows on screen.
    d.timeAxis->setLabelsVisible(true);
    d.timeAxis->setTitleVisible(true);
    d.chart->resize(plotSize);
    d.updatePlotAreaFor(plotSize);
    d.updateTimeTicks();
    d.chart->layout()->activate();

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(d.backgroundColour());
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing, true);
        d.chart->scene()->render(&painter, QRectF(QPointF(0, 0), plotSize),
                                 QRectF(d.chart->pos(), plotSize));
        const QSize oldLegend = d.legend->size();
        d.legend->resize(legendWidth, size.height());
        d.updateLegend();
        d.legend->render(&painter, QPoint(static_cast<int>(plotSize.width()), 0), QRegion(),
                         QWidget::DrawChildren);
        d.legend->resize(oldLegend);
    }

    d.timeAxis->setLabelsVisible(labels);
    d.timeAxis->setTitleVisible(labels);
    d.chart->resize(oldSize);
    d.updatePlotArea();
    d.updateTimeTicks();
    d.updateLegend();
    d.chart->layout()->activate();
    d.cursorLine->setVisible(cursorShown);
    d.readout->setVisible(readoutShown);
    return image;
}

void TimeChart::setValueAxisTitle(const QString& title)
{
    m_impl->valueTitle = title;
    m_impl->updateLegend();
}

void TimeChart::setValueFormatter(std::function<QString(double)> format)
{
    m_impl->format = format ? std::move(format) : defaultFormat;
}

void TimeChart::setLanes(const QStringList& labels)
{
    // Lane i is drawn at y = i; the value axis keeps a fixed range without
    // labels and the lane names are our own text items beside the plot.
    Impl& d = *m_impl;
    d.lanes = labels;
    d.fixedRange = true;
    d.valueAxis->setTickType(QValueAxis::TicksDynamic);
    d.valueAxis->setTickAnchor(-0.5);
    Impl::setRangeAndInterval(d.valueAxis, -0.5, static_cast<double>(labels.size()) - 0.5, 1.0);
    d.valueAxis->setLabelsVisible(false);
    for (QGraphicsSimpleTextItem* item : d.laneLabels) {
        delete item;
    }
    d.laneLabels.clear();
    d.laneFont = font();
    d.laneFont.setBold(true);
    for (const QString& label : labels) {
        auto* item = new QGraphicsSimpleTextItem(label, d.chart);
        item->setBrush(QColor(25, 25, 30));
        d.laneLabels.push_back(item);
    }
    d.placeLaneLabels();
}

void TimeChart::clear()
{
    Impl& d = *m_impl;
    std::vector<QPointer<QLineSeries>> areaLines;
    for (const auto& s : d.series) {
        if (s.area != nullptr) {
            areaLines.emplace_back(s.line);
        }
    }
    d.chart->removeAllSeries();  // deletes the series added to the chart
    for (const auto& line : areaLines) {
        delete line.data();  // an area's line is ours (parented to the chart)
    }
    d.series.clear();
    for (auto& m : d.markers) {
        for (QGraphicsSimpleTextItem* item : m.countLabels) {
            delete item;
        }
    }
    d.markers.clear();
    d.updateLegend();
}

int TimeChart::addSeries(const SeriesStyle& style)
{
    Impl& d = *m_impl;
    Impl::Series s;
    s.style = style;
    s.line = new QLineSeries(d.chart);
    s.line->setName(style.name);
    QPen pen(style.color, style.width);
    pen.setStyle(style.line == LineStyle::Dashed ? Qt::DashLine : Qt::SolidLine);
    pen.setCapStyle(Qt::FlatCap);
    s.line->setPen(pen);
    if (style.filled) {
        s.area = new QAreaSeries(s.line);
        s.area->setName(style.name);
        s.area->setPen(pen);
        s.area->setBrush(style.color);
        d.attach(s.area);
    } else {
        d.attach(s.line);
    }
    QAbstractSeries* shown = s.area != nullptr ? static_cast<QAbstractSeries*>(s.area) : s.line;
    if (!style.inLegend) {
        const auto legendMarkers = d.chart->legend()->markers(shown);
        for (QLegendMarker* marker : legendMarkers) {
            marker->setVisible(false);
        }
    }
    d.series.push_back(std::move(s));
    d.updateLegend();
    return static_cast<int>(d.series.size()) - 1;
}

int TimeChart::addMarkerStyle(const MarkerStyle& style)
{
    Impl& d = *m_impl;
    Impl::Markers m;
    m.style = style;
    m.scatter = new QScatterSeries(d.chart);
    m.scatter->setName(style.name);
    m.scatter->setColor(style.color);
    m.scatter->setBorderColor(style.color.darker(160));
    m.scatter->setMarkerSize(style.size);
    m.scatter->setMarkerShape(scatterShape(style.shape));
    if (style.shape == MarkerShape::TriangleDown) {
        m.scatter->setLightMarker(downTriangle(style.size, style.color, style.color.darker(160)));
    }
    d.attach(m.scatter);
    d.markers.push_back(std::move(m));
    d.updateLegend();
    return static_cast<int>(d.markers.size()) - 1;
}

void TimeChart::setSeriesVisible(int id, bool visible)
{
    Impl& d = *m_impl;
    auto& s = d.series.at(static_cast<std::size_t>(id));
    s.visible = visible;
    if (s.area != nullptr) {
        s.area->setVisible(visible);
    } else {
        s.line->setVisible(visible);
    }
    d.updateLegend();
}

void TimeChart::setSeriesPoints(int id, std::vector<QPointF> points)
{
    Impl& d = *m_impl;
    auto& s = d.series.at(static_cast<std::size_t>(id));
    s.data = std::move(points);
    d.replot(s);
}

QPointF TimeChart::positionOf(QPointF point) const
{
    const Impl& d = *m_impl;
    const QPoint inView = d.view->mapFromScene(d.chart->mapToPosition(point));
    return QPointF(d.view->mapTo(this, inView));
}

void TimeChart::setMarkers(int style, const std::vector<QPointF>& points)
{
    Impl& d = *m_impl;
    auto& m = d.markers.at(static_cast<std::size_t>(style));
    m.data = points;
    m.counts.clear();
    for (QGraphicsSimpleTextItem* item : m.countLabels) {
        item->hide();
    }
    QList<QPointF> list;
    list.reserve(static_cast<qsizetype>(points.size()));
    for (const QPointF& p : points) {
        list.append(p);
    }
    m.scatter->replace(list);
}

QStringList TimeChart::seriesNames() const
{
    QStringList names;
    for (const auto& s : m_impl->series) {
        names << s.style.name;
    }
    for (const auto& m : m_impl->markers) {
        names << m.style.name;
    }
    return names;
}

QStringList TimeChart::laneLabels() const
{
    QStringList top;
    for (auto it = m_impl->lanes.rbegin(); it != m_impl->lanes.rend(); ++it) {
        top << *it;
    }
    return top;
}

void TimeChart::setMarkerCounts(int style, std::vector<int> counts)
{
    Impl& d = *m_impl;
    d.markers.at(static_cast<std::size_t>(style)).counts = std::move(counts);
    d.placeCountLabels();
}

const std::vector<int>& TimeChart::markerCounts(int style) const
{
    return m_impl->markers.at(static_cast<std::size_t>(style)).counts;
}

void TimeChart::setTimeRange(double t0, double t1)
{
    Impl& d = *m_impl;
    if (t1 <= t0) {
        t1 = t0 + 1e-3;
    }
    if (t0 == d.t0 && t1 == d.t1) {
        return;
    }
    d.t0 = t0;
    d.t1 = t1;
    d.updateTimeTicks();
}

void TimeChart::Impl::updateTimeTicks()
{
    // At most one label per 80 pixels (Qt Charts elides labels that do not
    // fit), 1, 2 or 5 times a power of ten, so that labels print exactly.
    const double plotWidth = std::max(80.0, chart->plotArea().width());
    const double labels = std::clamp(std::floor(plotWidth / 80.0), 2.0, 10.0);
    const double rough = (t1 - t0) / labels;
    const double decade = std::pow(10.0, std::floor(std::log10(rough)));
    const double interval = rough <= decade         ? decade
                            : rough <= 2.0 * decade ? 2.0 * decade
                            : rough <= 5.0 * decade ? 5.0 * decade
                                                    : 10.0 * decade;
    setRangeAndInterval(timeAxis, t0, t1, interval);
    timeAxis->setLabelFormat(interval >= 1.0   ? QStringLiteral("%.0f")
                             : interval >= 0.1 ? QStringLiteral("%.1f")
                                               : QStringLiteral("%.2f"));
}

void TimeChart::setFixedValueRange(double min, double max)
{
    Impl& d = *m_impl;
    d.fixedRange = true;
    if (d.valueAxis != nullptr) {
        d.valueAxis->setRange(min, max);
    }
}

void TimeChart::setMinimumValueMax(double max)
{
    m_impl->minimumMax = max;
}

void TimeChart::commit()
{
    Impl& d = *m_impl;
    if (!d.fixedRange && d.valueAxis != nullptr) {
        double top = d.minimumMax;
        for (const auto& s : d.series) {
            if (s.visible) {
                top = std::max(top, s.plottedMax);
            }
        }
        const double wanted = niceCeil(top * 1.08);
        // Grow at once, shrink only when the data uses less than 40 %.
        if (wanted > d.valueMax || top < d.valueMax * 0.4) {
            d.valueMax = wanted;
            Impl::setRangeAndInterval(d.valueAxis, 0.0, wanted, d.valueTickInterval(wanted));
        }
    }
    if (!std::isnan(d.cursor)) {
        d.updateCursor();
    }
}

void TimeChart::setCursorTime(double t)
{
    Impl& d = *m_impl;
    d.cursor = t;
    d.updateCursor();
}

}  // namespace bplab::charts
