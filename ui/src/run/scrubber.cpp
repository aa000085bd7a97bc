#include "bplab_ui/run/scrubber.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <array>
#include <map>

#include "bplab_core/series_summary.h"
#include "bplab_ui/run/run.h"

namespace bplab::ui {

namespace {

constexpr int kMargin = 8;  // px either side of the track
constexpr int kTickRow = 5;

std::int64_t countOf(const SummaryBucket& b, Scrubber::Tick kind)
{
    auto c = [&b](EventKind k) { return b.counts[static_cast<std::size_t>(k)]; };
    switch (kind) {
        case Scrubber::PauseTick:
            return c(EventKind::Pause);
        case Scrubber::DrainTick:
            return c(EventKind::Drain);
        case Scrubber::WriteFalseTick:
            return b.counts[kWriteFalseCount];
        case Scrubber::ErrorTick:
            return c(EventKind::Error) + c(EventKind::Uncaught) + c(EventKind::Oom);
        case Scrubber::EndTick:
            return c(EventKind::End) + c(EventKind::Idle) + c(EventKind::Until);
        case Scrubber::TickCount:
            break;
    }
    return 0;
}

}  // namespace

Scrubber::Scrubber(Run* run, QWidget* parent) : QWidget(parent), m_run(run)
{
    setObjectName(QStringLiteral("scrubber"));
    setMouseTracking(false);
    setFocusPolicy(Qt::NoFocus);  // the arrows belong to the window's keys
    setToolTip(
        tr("The whole run: drag to travel in time. Ticks: pause, drain, write() = false, "
           "error, end. Left/Right one line, Shift+Left/Right pause or drain, Home/End, "
           "Ctrl+G go to"));
    connect(run, &Run::cursorMoved, this, qOverload<>(&QWidget::update));
    connect(run, &Run::loaded, this, qOverload<>(&QWidget::update));
}

QSize Scrubber::sizeHint() const
{
    return {600, 44};
}

QSize Scrubber::minimumSizeHint() const
{
    return {120, 36};
}

QRect Scrubber::track() const
{
    return rect().adjusted(kMargin, 4, -kMargin, -4);
}

std::int64_t Scrubber::spanMs() const
{
    return std::max<std::int64_t>(1000, std::max(m_run->headTime(), m_run->cursorTime()));
}

int Scrubber::xOf(std::int64_t timeMs) const
{
    const QRect r = track();
    const double f = static_cast<double>(timeMs) / static_cast<double>(spanMs());
    return r.left() + static_cast<int>(std::lround(std::clamp(f, 0.0, 1.0) * (r.width() - 1)));
}

std::int64_t Scrubber::timeAt(int x) const
{
    const QRect r = track();
    const double f =
        std::clamp(static_cast<double>(x - r.left()) / std::max(1, r.width() - 1), 0.0, 1.0);
    return static_cast<std::int64_t>(std::llround(f * static_cast<double>(spanMs())));
}

std::vector<Scrubber::TickMark> Scrubber::ticks() const
{
    std::vector<TickMark> out;
    const SeriesSummary* summary = m_run->seriesSummary();
    const QRect r = track();
    if (summary == nullptr || r.width() < 2) {
        return out;
    }
    const std::int64_t span = spanMs();
    const std::int64_t head = m_run->headTime() + 1;
    const std::size_t level =
        summary->levelFor(0, head, static_cast<std::size_t>(std::max(1, r.width())));
    const std::int64_t width = summary->bucketMs(level);
    // Per kind and column, the lines summed.
    std::array<std::map<int, std::int64_t>, TickCount> columns;
    for (const SummaryBucket& b : summary->buckets(level, 0, head)) {
        const int x = xOf(std::min(span, b.index * width + width / 2));
        for (int k = 0; k < TickCount; ++k) {
            const std::int64_t n = countOf(b, static_cast<Tick>(k));
            if (n > 0) {
                columns[static_cast<std::size_t>(k)][x] += n;
            }
        }
    }
    for (int k = 0; k < TickCount; ++k) {
        for (const auto& [x, n] : columns[static_cast<std::size_t>(k)]) {
            out.push_back(TickMark{static_cast<Tick>(k), x, n});
        }
    }
    return out;
}

QColor Scrubber::tickColour(Tick kind)
{
    switch (kind) {
        case PauseTick:
            return {230, 119, 0};
        case DrainTick:
            return {47, 158, 68};
        case WriteFalseTick:
            return {201, 42, 42};
        case ErrorTick:
            return {134, 46, 156};
        case EndTick:
            return {33, 37, 41};
        case TickCount:
            break;
    }
    return Qt::black;
}

void Scrubber::paintEvent(QPaintEvent* /*event*/)
{
    QPainter p(this);
    const QRect r = track();
    p.fillRect(rect(), palette().window());
    p.fillRect(r, QColor(233, 236, 239));
    p.setPen(QColor(173, 181, 189));
    p.drawRect(r.adjusted(0, 0, -1, -1));
    if (!m_run->hasRun()) {
        return;
    }
    // What has been simulated, and the part before the cursor.
    const int headX = xOf(m_run->headTime());
    const int cursorX = xOf(m_run->cursorTime());
    p.fillRect(QRect(QPoint(r.left(), r.top()), QPoint(headX, r.bottom())), QColor(222, 226, 230));
    p.fillRect(QRect(QPoint(r.left(), r.bottom() - 3), QPoint(cursorX, r.bottom())),
               QColor(28, 126, 214));
    for (const TickMark& t : ticks()) {
        const int y = r.top() + 2 + static_cast<int>(t.kind) * (kTickRow + 1);
        p.fillRect(QRect(t.x, y, 1, kTickRow), tickColour(t.kind));
    }
    // The handle.
    p.setPen(QPen(QColor(28, 126, 214), 2));
    p.drawLine(cursorX, rect().top() + 1, cursorX, rect().bottom() - 1);
    p.setBrush(QColor(28, 126, 214));
    p.drawEllipse(QPoint(cursorX, rect().bottom() - 6), 5, 5);
}

void Scrubber::seekTo(int x)
{
    m_run->seekTime(timeAt(x));
}

void Scrubber::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_run->hasRun()) {
        m_dragging = true;
        seekTo(event->position().toPoint().x());
    }
}

void Scrubber::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragging) {
        seekTo(event->position().toPoint().x());
    }
}

void Scrubber::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        seekTo(event->position().toPoint().x());
    }
}

}  // namespace bplab::ui
