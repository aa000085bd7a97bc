#pragma once

#include <QColor>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace bplab::ui {

class Run;

// The strip under the charts across the whole run, 0 to the head: the
// cursor as a handle, and ticks where pauses, drains, errors, ends and
// write() = false happened, from the run's summaries (one tick per kind and
// pixel column at most, so a dense run shows bands, not millions of lines).
// Pressing or dragging seeks the run to that time (Run::seekTime); the rest
// of the window follows the run's cursor.
//
// GUI thread only. The Run is not owned and must outlive the scrubber.
class Scrubber final : public QWidget {
    Q_OBJECT
public:
    // A tick kind: its rows top to bottom.
    enum Tick { PauseTick, DrainTick, WriteFalseTick, ErrorTick, EndTick, TickCount };
    struct TickMark {
        Tick kind = PauseTick;
        int x = 0;               // pixel column
        std::int64_t count = 0;  // lines it stands for
    };

    explicit Scrubber(Run* run, QWidget* parent = nullptr);

    // The span drawn (virtual ms): 0 to the head, at least 1 s.
    [[nodiscard]] std::int64_t spanMs() const;
    // Pixel column of a time and back (within the track).
    [[nodiscard]] int xOf(std::int64_t timeMs) const;
    [[nodiscard]] std::int64_t timeAt(int x) const;
    // The ticks as drawn at the present size.
    [[nodiscard]] std::vector<TickMark> ticks() const;
    [[nodiscard]] static QColor tickColour(Tick kind);
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] QRect track() const;
    void seekTo(int x);

    Run* m_run;
    bool m_dragging = false;
};

}  // namespace bplab::ui
