#pragma once

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QPalette>

class QAction;
class QLabel;
class QWidget;

namespace bplab::ui {

class MainWindow;

// Presenter mode: the window for a class in front of a projector. F5 toggles
// it, Esc leaves it. While on: full screen (unless a fixed size was asked
// for, as --size does), every dock and the menu bar hidden, body text at
// kBodyPixels x scale() (Ctrl+= / Ctrl+- change the scale), the projector
// theme (black on white, marks told apart by shape and label as well as
// colour) and a badge saying how to leave.
//
// Keys (all work without the mouse): Space play/pause, Right one event,
// Left back to t = 0, Enter to the next pause or drain, 1-9 pick a stage,
// Z zoom on the picked stage (again: all stages), B blank the screen (any
// key brings it back), Esc leave.
//
// Owned by the window (QObject parent). GUI thread only.
class PresenterMode final : public QObject {
    Q_OBJECT
public:
    static constexpr int kBodyPixels = 24;  // at scale 1: above 22 px on a 1280x800 projector
    // The diagram's smallest base text size, as a share of the body text.
    static constexpr double kDiagramUnitOfBody = 0.75;

    explicit PresenterMode(MainWindow* window);

    [[nodiscard]] bool isActive() const { return m_active; }
    // `fullScreen` false keeps the window's size (pictures of a given size).
    void enter(bool fullScreen = true);
    void leave();
    void toggle();
    [[nodiscard]] double scale() const { return m_scale; }
    void setScale(double scale);  // 0.5 to 3
    [[nodiscard]] int bodyPixelSize() const;
    [[nodiscard]] bool blanked() const;
    void setBlanked(bool blanked);
    [[nodiscard]] int selectedStage() const { return m_stage; }
    [[nodiscard]] QLabel* badge() const { return m_badge; }
    [[nodiscard]] QAction* toggleAction() const { return m_toggle; }

Q_SIGNALS:
    void activeChanged(bool active);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyLook();
    void placeOverlays();
    // The diagram its presenter height, the charts the rest: three of them
    // when each gets kChartPixels, else buffers and the one the scenario
    // needs (memory for the naive wiring or a memory limit, else events).
    void fitLayout();
    static constexpr int kChartPixels = 170;
    QAction* addKey(const QKeySequence& key, void (PresenterMode::*slot)());
    void selectStage(int stage);
    void toggleZoom();

    MainWindow* m_window;
    QAction* m_toggle = nullptr;
    QList<QAction*> m_keys;  // enabled only while presenting
    QLabel* m_badge = nullptr;
    QWidget* m_blank = nullptr;
    bool m_active = false;
    bool m_wasFullScreen = false;
    double m_scale = 1.0;
    int m_stage = 0;
    bool m_zoomed = false;
    QByteArray m_savedState;
    QByteArray m_savedGeometry;
    QByteArray m_savedSplitter;
    QFont m_savedFont;
    QPalette m_savedPalette;
    QList<QWidget*> m_hidden;  // what entering hid, shown again on leaving
};

}  // namespace bplab::ui
