#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

class QAction;
class QWidget;

namespace bplab::ui {

class Run;

// Where "Go to" goes: a time (virtual ms) or a line (0-based).
struct GoToTarget {
    bool line = false;
    std::int64_t value = 0;
    friend bool operator==(const GoToTarget&, const GoToTarget&) = default;
};
// "12.5", "12.5 s", "800 ms" are times; "#1234", "line 1234" lines. nullopt
// when the text is neither.
std::optional<GoToTarget> parseGoTo(const QString& text);

// The window's time-travel keys, on a run: Left one trace line back,
// Shift+Left the previous pause or drain, Home the first line, End the head,
// Ctrl+G a small dialog for a time or a line number. (Right and Shift+Right,
// forward, are the playback toolbar's Step and To pause/drain.) Application
// shortcuts, like the playback keys. setPresenting(true) gives Left back to
// presenter mode (where it means "back to t = 0").
//
// GUI thread only. The Run is not owned.
class TimeTravelKeys final : public QObject {
    Q_OBJECT
public:
    TimeTravelKeys(QWidget* window, Run* run);

    [[nodiscard]] QAction* backAction() const { return m_back; }
    [[nodiscard]] QAction* previousAction() const { return m_previous; }
    [[nodiscard]] QAction* startAction() const { return m_start; }
    [[nodiscard]] QAction* endAction() const { return m_end; }
    [[nodiscard]] QAction* goToAction() const { return m_goTo; }
    void setPresenting(bool presenting);
    // Replaces the dialog (tests): returns the text typed, or nullopt.
    void setGoToPrompt(std::function<std::optional<QString>()> prompt);
    // Goes to `text` (see parseGoTo); false, and stays, when it is neither.
    bool goTo(const QString& text);

private:
    QAction* add(const QString& text, const QKeySequence& key);

    QWidget* m_window;
    Run* m_run;
    QAction* m_back = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_start = nullptr;
    QAction* m_end = nullptr;
    QAction* m_goTo = nullptr;
    std::function<std::optional<QString>()> m_prompt;
};

}  // namespace bplab::ui
