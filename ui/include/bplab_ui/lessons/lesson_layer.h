#pragma once

#include <QObject>
#include <QString>

#include <cstddef>
#include <optional>
#include <vector>

#include "bplab_core/lesson.h"

class QDockWidget;

namespace bplab::ui {

class AnalysisDocks;
class RunLessonHost;
class LessonPanel;
class LessonPlayer;
class MainWindow;

// Lessons in a main window: File > Lessons (the built-in ones, Open lesson
// file..., Save as lesson..., Close lesson), File > Open of a lesson file,
// the lesson panel in its own dock (shown in presenter mode too), the
// lesson's keys, and authoring from the event log ("Pause the lesson here").
//
// While a lesson is open its keys win over the window's and presenter
// mode's: Space or Right next, Left or Backspace back, 1-9 pick an answer,
// Enter lock it in (or play on), W watch it again. Keys typed into a text
// field stay there.
//
// Owned by the window (QObject parent). `docks` may be nullptr (no event
// log: no authoring from it). GUI thread only.
class LessonLayer final : public QObject {
    Q_OBJECT
public:
    LessonLayer(MainWindow* window, AnalysisDocks* docks);

    [[nodiscard]] LessonPlayer* player() const { return m_player; }
    [[nodiscard]] LessonPanel* panel() const { return m_panel; }
    [[nodiscard]] QDockWidget* dock() const { return m_dock; }
    [[nodiscard]] RunLessonHost* host() const { return m_host; }

    // Open a lesson at step `step` (0-based). Errors go to the window's
    // error reporter; the scenario that was open stays.
    bool openBuiltIn(const QString& id, std::size_t step = 0);
    bool openLessonFile(const QString& path, std::size_t step = 0);
    bool openLesson(const Lesson& lesson, std::size_t step = 0);
    // The command line's --step N and --answer K (both from 1) on the open
    // lesson: step N at its pause; with K, choice K locked in and the
    // reveal shown. False with `error` when there is no such step or choice.
    bool startAt(std::optional<int> step, std::optional<int> answer, QString& error);

    // --- authoring ---
    // Writes the current scenario as a lesson (bplab-lesson/1, the scenario
    // inline, a first step saying its description) and keeps it as the
    // lesson being written: later steps go to the same file.
    bool saveAsLesson(const QString& path);
    [[nodiscard]] const std::optional<Lesson>& draft() const { return m_draft; }
    [[nodiscard]] QString draftPath() const { return m_draftPath; }
    // Adds a step that pauses right after trace line `traceIndex` (0-based,
    // the log's "#"), saying `say`, asking which of `choices` comes next
    // when there are at least two, and rewrites the file.
    bool addPauseStep(qint64 traceIndex, const QString& say,
                      const std::vector<TracePattern>& choices, const QString& prompt,
                      const QString& reveal);
    // The run's trace as the checker sees it (the whole run of the scenario
    // shown), for the question editor's choices.
    [[nodiscard]] std::vector<TraceLine> wholeTrace() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildMenu();
    void giveTheDiagramRoom();
    void onEventLogMenu(const QPoint& pos);
    void editPauseStep(qint64 traceIndex);
    void onSaveAsLesson();
    void onOpenLessonFile();
    bool writeDraft();
    bool handlesKey(int key, Qt::KeyboardModifiers modifiers) const;
    void handleKey(int key);

    MainWindow* m_window;
    AnalysisDocks* m_docks;
    RunLessonHost* m_host = nullptr;
    LessonPlayer* m_player = nullptr;
    LessonPanel* m_panel = nullptr;
    QDockWidget* m_dock = nullptr;
    std::optional<Lesson> m_draft;
    QString m_draftPath;
    bool m_opening = false;  // the lesson's own scenario is being loaded
};

}  // namespace bplab::ui
