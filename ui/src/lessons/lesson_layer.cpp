#include "bplab_ui/lessons/lesson_layer.h"

#include "bplab_core/lesson_writer.h"
#include "bplab_core/output.h"
#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/lessons/lesson_library.h"
#include "bplab_ui/lessons/lesson_panel.h"
#include "bplab_ui/lessons/lesson_player.h"
#include "bplab_ui/lessons/lesson_run_host.h"
#include "bplab_ui/lessons/pause_step_dialog.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/story/story_strip.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTextEdit>
#include <QTimer>

namespace bplab::ui {

namespace {

QString toQString(const std::string& text)
{
    return QString::fromStdString(text);
}

// A lesson id from a file name: small letters, digits and '-'.
std::string idFromFileName(const QString& path)
{
    std::string id;
    for (const QChar c : QFileInfo(path).completeBaseName().toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            id += c.toLatin1();
        } else if (!id.empty() && id.back() != '-') {
            id += '-';
        }
    }
    while (!id.empty() && id.back() == '-') {
        id.pop_back();
    }
    if (id.size() > 48) {
        id.resize(48);
    }
    return id.empty() ? std::string("my-lesson") : id;
}

// `a` and `b` differ at most in their stages' timings.
bool sameButTimings(const Scenario& a, const Scenario& b)
{
    if (a.stages.size() != b.stages.size()) {
        return false;
    }
    Scenario timed = a;
    for (std::size_t i = 0; i < timed.stages.size(); ++i) {
        timed.stages[i].setTiming(b.stages[i].timing());
    }
    return timed == b;
}

bool typingInto(const QWidget* widget)
{
    if (widget == nullptr) {
        return false;
    }
    if (const auto* combo = qobject_cast<const QComboBox*>(widget)) {
        return combo->isEditable();
    }
    return qobject_cast<const QLineEdit*>(widget) != nullptr ||
           qobject_cast<const QTextEdit*>(widget) != nullptr ||
           qobject_cast<const QPlainTextEdit*>(widget) != nullptr ||
           qobject_cast<const QAbstractSpinBox*>(widget) != nullptr;
}

}  // namespace

LessonLayer::LessonLayer(MainWindow* window, AnalysisDocks* docks)
    : QObject(window), m_window(window), m_docks(docks)
{
    m_host = new RunLessonHost(window);
    if (docks != nullptr) {
        EventLogWidget* log = docks->eventLog();
        m_host->setLineSelector([log](qint64 index) { log->selectTraceIndex(index); });
    }
    m_player = new LessonPlayer(m_host, this);
    m_dock = new QDockWidget(tr("Lesson"), window);
    m_dock->setObjectName(QStringLiteral("lessonDock"));
    m_panel = new LessonPanel(m_player, m_host, m_dock);
    m_dock->setWidget(m_panel);
    m_dock->setMinimumWidth(360);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    window->viewMenu()->addAction(m_dock->toggleViewAction());

    connect(m_player, &LessonPlayer::opened, this, [this] {
        m_dock->setWindowTitle(
            tr("Lesson: %1").arg(QString::fromStdString(m_player->lesson().title)));
        m_dock->show();
        m_dock->raise();
        // The lesson tells the story now: the strip's room goes to the diagram.
        m_window->story()->hide();
        giveTheDiagramRoom();
    });
    connect(m_player, &LessonPlayer::closed, this, [this] {
        m_dock->hide();
        m_dock->setWindowTitle(tr("Lesson"));
        m_window->story()->show();
    });
    // Presenter mode hides every dock; the lesson is what the class follows.
    connect(window->presenter(), &PresenterMode::activeChanged, this, [this](bool active) {
        const int body = m_window->presenter()->bodyPixelSize();
        m_dock->setMinimumWidth(active ? body * 22 : 360);
        if (active && m_player->isOpen()) {
            m_dock->show();
            giveTheDiagramRoom();
        }
    });
    // Another scenario in the window (a file, an example, a structural edit)
    // ends the lesson: its pauses belong to the lesson's own scenario. A new
    // run of the same scenario (Reset, a timing edit in the past and its undo)
    // does not.
    connect(&window->run(), &Run::loaded, this, [this] {
        if (!m_opening && m_player->isOpen() &&
            !sameButTimings(m_window->run().scenario(), m_player->lesson().scenario)) {
            m_player->close();
        }
    });
    window->setFileOpener([this](const QString& path) -> std::optional<bool> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) ||
            !looksLikeLesson(file.read(static_cast<qint64>(kMaxLessonBytes) + 1))) {
            return std::nullopt;  // a scenario, or an error the scenario loader words
        }
        return openLessonFile(path);
    });
    if (docks != nullptr) {
        QTableView* view = docks->eventLog()->view();
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, &LessonLayer::onEventLogMenu);
    }
    buildMenu();
    qApp->installEventFilter(this);
}

void LessonLayer::giveTheDiagramRoom()
{
    auto* splitter = m_window->findChild<QSplitter*>(QStringLiteral("centralSplitter"));
    if (splitter == nullptr) {
        return;
    }
    const auto share = [splitter] {
        const int total = splitter->height();
        splitter->setSizes({total * 11 / 20, total - total * 11 / 20});
    };
    share();
    QTimer::singleShot(0, splitter, share);  // again once the dock's width has settled
}

void LessonLayer::buildMenu()
{
    QMenu* menu = m_window->lessonsMenu();
    for (const LessonEntry& entry : builtInLessons()) {
        QAction* action = menu->addAction(entry.title);
        action->setToolTip(entry.summary);
        action->setStatusTip(entry.summary);
        const QString id = entry.id;
        connect(action, &QAction::triggered, this, [this, id] {
            if (m_window->confirmDiscardEdits()) {
                openBuiltIn(id);
            }
        });
    }
    menu->setToolTipsVisible(true);
    menu->addSeparator();
    connect(menu->addAction(tr("Open lesson file...")), &QAction::triggered, this,
            &LessonLayer::onOpenLessonFile);
    connect(menu->addAction(tr("Save as lesson...")), &QAction::triggered, this,
            &LessonLayer::onSaveAsLesson);
    QAction* close = menu->addAction(tr("Close lesson"));
    connect(close, &QAction::triggered, m_player, &LessonPlayer::close);
    connect(menu, &QMenu::aboutToShow, this,
            [this, close] { close->setEnabled(m_player->isOpen()); });
}

bool LessonLayer::openBuiltIn(const QString& id, std::size_t step)
{
    const Result<Lesson> lesson = builtInLesson(id);
    if (!lesson) {
        m_window->reportError(tr("Cannot open lesson"), toQString(lesson.error().message));
        return false;
    }
    return openLesson(lesson.value(), step);
}

bool LessonLayer::openLessonFile(const QString& path, std::size_t step)
{
    const Result<Lesson> lesson = loadLessonFile(std::filesystem::path(path.toStdString()));
    if (!lesson) {
        m_window->reportError(
            tr("Cannot open lesson"),
            tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), toQString(lesson.error().message)));
        return false;
    }
    return openLesson(lesson.value(), step);
}

bool LessonLayer::openLesson(const Lesson& lesson, std::size_t step)
{
    QString error;
    m_opening = true;
    const bool opened = m_player->open(lesson, step, error);
    m_opening = false;
    if (!opened) {
        m_window->reportError(tr("Cannot open lesson"), error);
        return false;
    }
    return true;
}

bool LessonLayer::startAt(std::optional<int> step, std::optional<int> answer, QString& error)
{
    if (!m_player->isOpen()) {
        error = tr("--step and --answer need a lesson: --lesson ID or a lesson FILE");
        return false;
    }
    const auto steps = static_cast<int>(m_player->stepCount());
    if (step && *step > steps) {
        error = tr("--step: the lesson \"%1\" has %2 steps, got %3")
                    .arg(QString::fromStdString(m_player->lesson().id))
                    .arg(steps)
                    .arg(*step);
        return false;
    }
    if (step) {
        m_player->goToStep(static_cast<std::size_t>(*step - 1));
    }
    if (!answer) {
        return true;
    }
    const LessonQuestion* question = m_player->nextQuestion();
    if (question == nullptr) {
        error = tr("--answer: step %1 asks no question").arg(m_player->stepIndex() + 1);
        return false;
    }
    if (*answer > static_cast<int>(question->choices.size())) {
        error = tr("--answer: step %1 has %2 choices, got %3")
                    .arg(m_player->stepIndex() + 1)
                    .arg(question->choices.size())
                    .arg(*answer);
        return false;
    }
    const int interval = m_player->playOnIntervalMs();
    m_player->setPlayOnIntervalMs(0);
    m_player->choose(static_cast<std::size_t>(*answer - 1));
    m_player->lockIn();
    m_player->setPlayOnIntervalMs(interval);
    return true;
}

void LessonLayer::onOpenLessonFile()
{
    if (!m_window->confirmDiscardEdits()) {
        return;
    }
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open lesson"), QString(),
                                                      tr("Lessons (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openLessonFile(path);
    }
}

void LessonLayer::onSaveAsLesson()
{
    const QString suggestion =
        QDir::home().filePath(QString::fromStdString(idFromFileName(
                                  QString::fromStdString(m_window->editedScenario().name))) +
                              QStringLiteral(".json"));
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save as lesson"), suggestion,
                                                      tr("Lessons (*.json)"));
    if (!path.isEmpty()) {
        saveAsLesson(path);
    }
}

bool LessonLayer::saveAsLesson(const QString& path)
{
    if (!m_window->run().hasRun()) {
        return false;
    }
    Lesson lesson;
    lesson.scenario = m_window->editedScenario();
    lesson.scenario.uiJson.clear();
    lesson.id = idFromFileName(path);
    lesson.title = lesson.scenario.name.empty() ? lesson.id : lesson.scenario.name;
    LessonStep first;
    first.say = lesson.scenario.description.empty() ? lesson.title : lesson.scenario.description;
    lesson.steps.push_back(std::move(first));
    m_draft = std::move(lesson);
    m_draftPath = path;
    if (!writeDraft()) {
        m_draft.reset();
        m_draftPath.clear();
        return false;
    }
    m_window->statusBar()->showMessage(
        tr("Writing the lesson %1: right-click a line of the event log > Pause the lesson here")
            .arg(QDir::toNativeSeparators(path)));
    return true;
}

bool LessonLayer::writeDraft()
{
    const std::string json = serializeLesson(*m_draft);
    const Status written = writeFileAtomically(QFile::encodeName(m_draftPath).toStdString(), json);
    if (!written) {
        m_window->reportError(
            tr("Cannot save the lesson"),
            tr("%1\n\n%2")
                .arg(QDir::toNativeSeparators(m_draftPath), toQString(written.error().message)));
        return false;
    }
    return true;
}

std::vector<TraceLine> LessonLayer::wholeTrace() const
{
    const Scenario& scenario = m_draft ? m_draft->scenario : m_window->run().scenario();
    return simulateTrace(scenario);
}

bool LessonLayer::addPauseStep(qint64 traceIndex, const QString& say,
                               const std::vector<TracePattern>& choices, const QString& prompt,
                               const QString& reveal)
{
    if (!m_draft) {
        return false;
    }
    const std::vector<TraceLine> trace = wholeTrace();
    if (traceIndex < 0 || static_cast<std::size_t>(traceIndex) >= trace.size()) {
        m_window->reportError(tr("Cannot pause the lesson there"),
                              tr("The run has no line #%1.").arg(traceIndex));
        return false;
    }
    const auto line = static_cast<std::size_t>(traceIndex) + 1;
    LessonStep step;
    step.say = say.toStdString();
    step.at = LessonPause{pauseAtLine(trace, line), std::nullopt};
    if (choices.size() >= 2) {
        step.ask = nextQuestionFor(trace, line, choices, prompt.toStdString());
        if (!step.ask) {
            m_window->reportError(
                tr("Cannot ask that question"),
                tr("None of the choices' events happens after line #%1.").arg(traceIndex));
            return false;
        }
        step.reveal = reveal.toStdString();
    }
    // Steps go forward: the new one takes its place by its line.
    const LessonCheck check = checkLesson(*m_draft, trace);
    std::size_t at = m_draft->steps.size();
    for (std::size_t i = 1; i < check.steps.size(); ++i) {
        if (check.steps[i].pausedAfter > line) {
            at = i;
            break;
        }
    }
    m_draft->steps.insert(m_draft->steps.begin() + static_cast<std::ptrdiff_t>(at),
                          std::move(step));
    if (!writeDraft()) {
        m_draft->steps.erase(m_draft->steps.begin() + static_cast<std::ptrdiff_t>(at));
        return false;
    }
    m_window->statusBar()->showMessage(tr("The lesson has %1 steps (%2)")
                                           .arg(m_draft->steps.size())
                                           .arg(QDir::toNativeSeparators(m_draftPath)));
    return true;
}

void LessonLayer::onEventLogMenu(const QPoint& pos)
{
    QTableView* view = m_docks->eventLog()->view();
    const QModelIndex index = view->indexAt(pos);
    if (!index.isValid()) {
        return;
    }
    const auto traceIndex =
        static_cast<qint64>(index.data(EventLogModel::kTraceIndexRole).toULongLong());
    QMenu menu(view);
    QAction* pause = menu.addAction(tr("Pause the lesson here..."));
    if (!m_draft) {
        pause->setText(tr("Pause the lesson here (Save as lesson... first)..."));
    }
    if (menu.exec(view->viewport()->mapToGlobal(pos)) == pause) {
        if (!m_draft) {
            onSaveAsLesson();
        }
        if (m_draft) {
            editPauseStep(traceIndex);
        }
    }
}

void LessonLayer::editPauseStep(qint64 traceIndex)
{
    const std::vector<TraceLine> trace = wholeTrace();
    const auto line = static_cast<std::size_t>(traceIndex) + 1;
    if (line > trace.size()) {
        return;
    }
    PauseStepDialog dialog(traceIndex, trace[line - 1], nextEventChoices(trace, line), m_window);
    if (dialog.exec() == QDialog::Accepted) {
        addPauseStep(traceIndex, dialog.say(), dialog.choices(), dialog.prompt(), dialog.reveal());
    }
}

bool LessonLayer::handlesKey(int key, Qt::KeyboardModifiers modifiers) const
{
    if (!m_player->isOpen() || (modifiers & ~(Qt::KeypadModifier)) != Qt::NoModifier) {
        return false;
    }
    switch (key) {
        case Qt::Key_Space:
        case Qt::Key_Right:
        case Qt::Key_Left:
        case Qt::Key_Backspace:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_W:
            return true;
        default:
            return key >= Qt::Key_1 && key <= Qt::Key_9;
    }
}

void LessonLayer::handleKey(int key)
{
    switch (key) {
        case Qt::Key_Space:
        case Qt::Key_Right:
            m_player->next();
            return;
        case Qt::Key_Left:
        case Qt::Key_Backspace:
            m_player->back();
            return;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            m_player->confirm();
            return;
        case Qt::Key_W:
            m_player->watchAgain();
            return;
        default:
            m_player->choose(static_cast<std::size_t>(key - Qt::Key_1));
            return;
    }
}

bool LessonLayer::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress) {
        return QObject::eventFilter(watched, event);
    }
    auto* widget = qobject_cast<QWidget*>(watched);
    if (widget == nullptr || widget->window() != m_window || typingInto(widget) ||
        m_window->presenter()->blanked()) {
        return QObject::eventFilter(watched, event);
    }
    auto* key = static_cast<QKeyEvent*>(event);
    if (!handlesKey(key->key(), key->modifiers())) {
        return QObject::eventFilter(watched, event);
    }
    if (type == QEvent::ShortcutOverride) {
        // The key comes as a key press instead of the window's shortcut.
        event->accept();
        return true;
    }
    handleKey(key->key());
    return true;
}

}  // namespace bplab::ui
