#pragma once

#include <QList>
#include <QObject>
#include <QSize>

class QDockWidget;
class QMainWindow;

namespace bplab::ui {

// Where the analysis docks go, by the window's size. Wide windows (at least
// kWideWidth x kWideHeight) keep the event log and its explanation under the
// charts and the inspectors beside them; smaller ones (a 1280x800 or
// 1024x768 projector) tab every dock into one column at the right, so that
// the charts keep their height and nothing is pushed off screen.
//
// Acts only when the window crosses between the two, so a person's own
// arrangement survives resizes on the same side. GUI thread; owned by the
// window (QObject parent).
class DockArrangement final : public QObject {
    Q_OBJECT
public:
    static constexpr int kWideWidth = 1400;
    static constexpr int kWideHeight = 900;

    // `bottom` go under the charts when wide, `side` beside them; in compact
    // form all share one tab group, `side` first.
    DockArrangement(QMainWindow* window, QList<QDockWidget*> bottom, QList<QDockWidget*> side);

    [[nodiscard]] static bool isCompactSize(QSize size);
    [[nodiscard]] bool compact() const { return m_compact == 1; }
    // Arranges for the window's current size now (also done on every resize).
    void update();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void arrange(bool compact);

    QMainWindow* m_window;
    QList<QDockWidget*> m_bottom;
    QList<QDockWidget*> m_side;
    int m_compact = -1;  // -1: not arranged yet
};

}  // namespace bplab::ui
