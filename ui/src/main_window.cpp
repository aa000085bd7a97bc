#include "bplab_ui/main_window.h"

#include "bplab_core/output.h"
#include "bplab_core/samples_csv.h"
#include "bplab_core/trace.h"
#include "bplab_ui/export/atomic_write.h"
#include "bplab_ui/export/run_exports.h"
#include "bplab_ui/format.h"
#include "bplab_ui/frame_stats.h"
#include "bplab_ui/help/help_menu.h"
#include "bplab_ui/inspector/scenario_details_dialog.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/layout/diagram_scroll_area.h"
#include "bplab_ui/layout/live_text.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/run/scrubber.h"
#include "bplab_ui/run/time_travel_keys.h"
#include "bplab_ui/starter_scenario.h"
#include "bplab_ui/story/story_director.h"
#include "bplab_ui/story/story_moments.h"
#include "bplab_ui/story/story_strip.h"
#include "bplab_ui/summary/run_end.h"
#include "bplab_ui/summary/summary_export.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace bplab::ui {

namespace {

constexpr int kMaxRecent = 8;
constexpr int kSliderSteps = 500;  // 0.01x .. 1000x, 100 steps per decade

double speedAt(int position)
{
    return std::pow(10.0, -2.0 + static_cast<double>(position) / 100.0);
}

int positionOf(double speed)
{
    return static_cast<int>(std::lround((std::log10(speed) + 2.0) * 100.0));
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    m_diagram = new PipelineDiagram(this);
    m_diagram->setObjectName(QStringLiteral("pipelineDiagram"));
    m_charts = new ChartsPanel(this);
    m_charts->setObjectName(QStringLiteral("chartsPanel"));
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("centralSplitter"));
    // Many stages on a narrow window: the diagram scrolls sideways rather
    // than shrinking its text below legibility.
    auto* diagramScroll = new DiagramScrollArea(this);
    diagramScroll->setObjectName(QStringLiteral("diagramScroll"));
    diagramScroll->setWidget(m_diagram);
    // The header follows the visible part: repaint it whole on a scroll.
    connect(diagramScroll->horizontalScrollBar(), &QScrollBar::valueChanged, m_diagram,
            qOverload<>(&QWidget::update));
    m_splitter->addWidget(diagramScroll);
    diagramScroll->keepLegibleIn(m_splitter);
    // The scrubber under the charts: the whole run, to travel in time.
    m_scrubber = new Scrubber(&m_run, this);
    auto* chartsAndScrubber = new QWidget(this);
    auto* chartsLayout = new QVBoxLayout(chartsAndScrubber);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(0);
    chartsLayout->addWidget(m_charts, 1);
    chartsLayout->addWidget(m_scrubber);
    m_splitter->addWidget(chartsAndScrubber);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setSizes({330, 480});  // until the person's own layout is restored
    // The story strip over the diagram: name, description, the latest moment.
    m_story = new StoryStrip(this);
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_story);
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    m_exports = new RunExports(
        &m_run, m_diagram, m_charts,
        [this](const QString& title, const QString& message) { reportError(title, message); },
        this);
    m_player.addRun(&m_run);
    m_timeTravel = new TimeTravelKeys(this, &m_run);
    m_director = new StoryDirector(&m_run, &m_player, m_story, m_diagram, this);
    m_diagram->setTitleVisible(false);  // the strip names the scenario

    buildActions();
    buildToolBar();
    buildMenus();
    statusBar()->showMessage(
        tr("Space play/pause   Left/Right one event   Shift+Left/Right pause/drain   Home/End   "
           "Ctrl+G go to   R reset   [ ] speed"));
    new RunEndStatus(&m_run, statusBar(), this);  // why a run ended, in words
    statusBar()->addPermanentWidget(new QLabel(tr("Charts show:"), this));
    statusBar()->addPermanentWidget(m_charts->windowSelector());

    connect(&m_player, &Player::frameAdvanced, this, &MainWindow::refreshViews);
    connect(&m_player, &Player::playingChanged, this, &MainWindow::updatePlayAction);
    connect(&m_player, &Player::speedChanged, this, &MainWindow::syncSpeedSlider);
    // A seek by hand (step, scrubber, jump) shows at once.
    connect(&m_run, &Run::jumped, this, &MainWindow::refreshViews);
    connect(&m_run, &Run::loaded, this, [this] {
        m_diagram->setScenario(m_run.scenario());
        m_charts->setScenario(m_run.scenario());
        // A new run has none of the old one's lines; a stage stays selected
        // while the scenario still has it.
        m_selection.setLine(-1);
        if (m_selection.stage() >= static_cast<int>(m_run.scenario().stages.size())) {
            m_selection.setStage(-1);
        }
        updateTitle();
    });
    // The views point through the Selection: a stage clicked in the diagram,
    // a mark clicked on a chart; the diagram and the charts show it.
    connect(m_diagram, &PipelineDiagram::stageClicked, &m_selection, &Selection::setStage);
    connect(m_charts, &ChartsPanel::traceLineClicked, &m_selection, &Selection::setLine);
    connect(&m_selection, &Selection::stageChanged, this, &MainWindow::highlightStage);
    connect(&m_selection, &Selection::cursorChanged, m_charts, &ChartsPanel::setCursorTime);
    connect(m_presenter, &PresenterMode::activeChanged, m_timeTravel,
            &TimeTravelKeys::setPresenting);

    resize(1280, 800);  // until restoreLayout() brings the person's own
    rebuildRecentMenu();
    syncSpeedSlider(m_player.speed());
    updatePlayAction();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // The editor's docks are children, destroyed by ~QWidget after this
    // window's own part is gone; the undo stack announces cleanChanged as it
    // goes. Nothing of theirs may reach this window from then on.
    if (m_editor != nullptr) {
        disconnect(m_editor->undoStack(), nullptr, this, nullptr);
        disconnect(m_editor, nullptr, this, nullptr);
        m_editor = nullptr;
    }
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_layoutRestored = true;
}

void MainWindow::buildActions()
{
    // Application-wide shortcuts, so that they work whatever has focus.
    m_playAction = new QAction(tr("Play"), this);
    m_playAction->setShortcut(Qt::Key_Space);
    m_playAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_playAction, &QAction::triggered, &m_player, &Player::togglePlay);

    m_stepAction = new QAction(tr("Step"), this);
    m_stepAction->setToolTip(tr("Step one event (Right)"));
    m_stepAction->setShortcut(Qt::Key_Right);
    m_stepAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_stepAction, &QAction::triggered, &m_run, &Run::stepForward);

    m_runToAction = new QAction(tr("To pause/drain"), this);
    m_runToAction->setToolTip(tr("Run to the next pause or drain (Shift+Right)"));
    m_runToAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    m_runToAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_runToAction, &QAction::triggered, &m_run, &Run::toNextPauseOrDrain);

    m_resetAction = new QAction(tr("Reset"), this);
    m_resetAction->setToolTip(tr("Back to t = 0 (R)"));
    m_resetAction->setShortcut(Qt::Key_R);
    m_resetAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_resetAction, &QAction::triggered, this, [this] {
        if (m_run.hasRun()) {
            m_run.load(m_run.scenario());  // t = 0 with the edits made so far
        }
    });

    m_fasterAction = new QAction(tr("Faster"), this);
    m_fasterAction->setToolTip(tr("Double the speed (] or +)"));
    m_fasterAction->setShortcuts({QKeySequence(Qt::Key_BracketRight), QKeySequence(Qt::Key_Plus)});
    m_fasterAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_fasterAction, &QAction::triggered, this,
            [this] { m_player.setSpeed(m_player.speed() * 2.0); });
    m_slowerAction = new QAction(tr("Slower"), this);
    m_slowerAction->setToolTip(tr("Halve the speed ([ or -)"));
    m_slowerAction->setShortcuts({QKeySequence(Qt::Key_BracketLeft), QKeySequence(Qt::Key_Minus)});
    m_slowerAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_slowerAction, &QAction::triggered, this,
            [this] { m_player.setSpeed(m_player.speed() / 2.0); });

    m_openAction = new QAction(tr("&Open..."), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::onOpen);
    m_saveAction = new QAction(tr("&Save"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::onSave);
    m_saveAsAction = new QAction(tr("Save &As..."), this);
    // Spelled out: QKeySequence::SaveAs is empty on some desktops.
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_newAction = new QAction(tr("&New"), this);
    m_newAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(m_newAction, &QAction::triggered, this, [this] {
        if (confirmDiscardEdits()) {
            newScenario();
        }
    });
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::onSaveAs);
}

void MainWindow::buildToolBar()
{
    m_playbackBar = addToolBar(tr("Playback"));
    m_playbackBar->setObjectName(QStringLiteral("playbackToolBar"));
    m_playbackBar->setMovable(false);
    m_playbackBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_playbackBar->setFont(big);

    m_clockLabel = new LiveText(m_playbackBar);
    m_clockLabel->setObjectName(QStringLiteral("virtualClock"));
    QFont clockFont = font();
    clockFont.setPointSizeF(clockFont.pointSizeF() * 1.6);
    clockFont.setBold(true);
    clockFont.setStyleHint(QFont::Monospace);
    m_clockLabel->setFont(clockFont);
    m_clockLabel->setMinimumWidth(190);
    m_clockLabel->setToolTip(tr("Virtual time of this run"));
    m_playbackBar->addWidget(m_clockLabel);
    m_playbackBar->addSeparator();
    for (QAction* action : {m_playAction, m_stepAction, m_runToAction, m_resetAction}) {
        m_playbackBar->addAction(action);
    }
    m_playbackBar->addSeparator();

    auto* speedTitle = new QLabel(tr(" Speed "), m_playbackBar);
    m_playbackBar->addWidget(speedTitle);
    m_speedSlider = new QSlider(Qt::Horizontal, m_playbackBar);
    m_speedSlider->setObjectName(QStringLiteral("speedSlider"));
    m_speedSlider->setRange(0, kSliderSteps);
    m_speedSlider->setFixedWidth(130);
    m_speedSlider->setFocusPolicy(Qt::NoFocus);  // arrows and space belong to playback
    m_speedSlider->setToolTip(tr("0.01x to 1000x, logarithmic"));
    connect(m_speedSlider, &QSlider::valueChanged, this, &MainWindow::setSpeedFromSlider);
    m_playbackBar->addWidget(m_speedSlider);
    m_speedLabel = new QLabel(m_playbackBar);
    m_speedLabel->setMinimumWidth(64);
    m_speedLabel->setObjectName(QStringLiteral("speedLabel"));
    m_speedLabel->setAlignment(Qt::AlignCenter);
    m_playbackBar->addWidget(m_speedLabel);

    QFont presetFont = font();
    for (const double preset : {0.01, 0.1, 1.0, 10.0, 100.0, 1000.0}) {
        auto* button = new QToolButton(m_playbackBar);
        button->setText(formatSpeed(preset));
        button->setFont(presetFont);
        button->setFocusPolicy(Qt::NoFocus);
        button->setAutoRaise(true);
        button->setToolTip(tr("Speed %1").arg(formatSpeed(preset)));
        connect(button, &QToolButton::clicked, this, [this, preset] { m_player.setSpeed(preset); });
        m_playbackBar->addWidget(button);
    }
    m_playbackBar->addSeparator();

    m_achievedLabel = new LiveText(m_playbackBar);
    m_achievedLabel->setObjectName(QStringLiteral("achievedSpeed"));
    QPalette warning = m_achievedLabel->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x30, 0x00));
    m_achievedLabel->setPalette(warning);
    m_playbackBar->addWidget(m_achievedLabel);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_lessonsMenu = file->addMenu(tr("&Lessons"));
    QMenu* examples = file->addMenu(tr("&Examples"));
    for (const QString& name : exampleNames()) {
        QString label = name;
        QFile f(QStringLiteral(":/examples/%1.json").arg(name));
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            const QString title = o.value(QStringLiteral("name")).toString();
            if (!title.isEmpty()) {
                label = title;
            }
        }
        QAction* action = examples->addAction(label);
        connect(action, &QAction::triggered, this, [this, name] {
            if (confirmDiscardEdits()) {
                openExample(name);
            }
        });
    }
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    connect(exportMenu->addAction(tr("Trace (JSON Lines)...")), &QAction::triggered, this,
            [this] { m_exports->askTrace(this); });
    connect(exportMenu->addAction(tr("Samples (CSV)...")), &QAction::triggered, this,
            [this] { m_exports->askSamples(this); });
    exportMenu->addSeparator();
    connect(exportMenu->addAction(tr("Diagram (PNG)...")), &QAction::triggered, this,
            [this] { m_exports->askPng(this, -1); });
    const QStringList chartLabels = {tr("Buffer fill chart (PNG)..."), tr("Events chart (PNG)..."),
                                     tr("Memory chart (PNG)..."), tr("Throughput chart (PNG)...")};
    for (int i = 0; i < ChartsPanel::ChartCount; ++i) {
        connect(exportMenu->addAction(chartLabels.at(i)), &QAction::triggered, this,
                [this, i] { m_exports->askPng(this, i); });
    }
    connect(exportMenu->addAction(tr("All charts in one picture (PNG)...")), &QAction::triggered,
            this, [this] { m_exports->askPng(this, ChartsPanel::ChartCount); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    for (QAction* action : {m_playAction, m_stepAction, m_runToAction, m_resetAction}) {
        playback->addAction(action);
    }
    playback->addSeparator();
    for (QAction* action :
         {m_timeTravel->backAction(), m_timeTravel->previousAction(), m_timeTravel->startAction(),
          m_timeTravel->endAction(), m_timeTravel->goToAction()}) {
        playback->addAction(action);
    }
    playback->addSeparator();
    playback->addAction(m_fasterAction);
    playback->addAction(m_slowerAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_presenter = new PresenterMode(this);
    m_viewMenu->addAction(m_presenter->toggleAction());
    QAction* plain = m_viewMenu->addAction(tr("Plain &language"));
    plain->setCheckable(true);
    plain->setChecked(true);
    plain->setToolTip(tr("Words beside Node's field names: \"waiting for drain (needDrain)\""));
    connect(plain, &QAction::toggled, m_diagram, &PipelineDiagram::setPlainLanguage);
    m_viewMenu->addSeparator();
    QAction* toolbarToggle = m_playbackBar->toggleViewAction();
    m_viewMenu->addAction(toolbarToggle);
    m_viewMenu->addSeparator();

    m_helpMenu = new HelpMenu(this);
}

QStringList MainWindow::exampleNames()
{
    QStringList names;
    const QStringList files = QDir(QStringLiteral(":/examples"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        names << QFileInfo(file).completeBaseName();
    }
    return names;
}

void MainWindow::setErrorReporter(std::function<void(const QString&, const QString&)> reporter)
{
    m_reporter = std::move(reporter);
}

void MainWindow::reportError(const QString& title, const QString& message)
{
    m_lastError = message;
    if (m_reporter) {
        m_reporter(title, message);
    } else {
        QMessageBox::critical(this, title, message);
    }
}

QString MainWindow::defaultExampleName()
{
    const QStringList examples = exampleNames();
    const QString preferred = QStringLiteral("fast-producer-slow-consumer");
    if (examples.contains(preferred)) {
        return preferred;
    }
    return examples.isEmpty() ? QString() : examples.first();
}

void MainWindow::setFileOpener(std::function<std::optional<bool>(const QString&)> opener)
{
    m_fileOpener = std::move(opener);
}

void MainWindow::openScenario(const Scenario& scenario)
{
    applyScenario(scenario, QString());
}

bool MainWindow::openFile(const QString& path)
{
    if (m_fileOpener) {
        if (const std::optional<bool> opened = m_fileOpener(path)) {
            if (*opened) {
                addRecentFile(QFileInfo(path).absoluteFilePath());
            }
            return *opened;
        }
    }
    const Result<Scenario> loaded = loadScenarioFile(std::filesystem::path(path.toStdString()));
    if (!loaded) {
        reportError(
            tr("Cannot open scenario"),
            tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), toQString(loaded.error().message)));
        return false;
    }
    applyScenario(loaded.value(), QFileInfo(path).absoluteFilePath());
    addRecentFile(QFileInfo(path).absoluteFilePath());
    return true;
}

bool MainWindow::openExample(const QString& name)
{
    QFile file(QStringLiteral(":/examples/%1.json").arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        reportError(tr("Cannot open example"),
                    tr("There is no built-in example named \"%1\".").arg(name));
        return false;
    }
    const QByteArray json = file.readAll();
    const Result<Scenario> parsed =
        parseScenario(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    if (!parsed) {
        reportError(tr("Cannot open example"),
                    tr("%1\n\n%2").arg(file.fileName(), toQString(parsed.error().message)));
        return false;
    }
    applyScenario(parsed.value(), QString());
    return true;
}

void MainWindow::newScenario()
{
    applyScenario(starterScenario(), QString());
}

void MainWindow::applyScenario(const Scenario& scenario, const QString& file)
{
    m_currentFile = file;
    m_pickedStage = -1;
    m_selection.clear();  // another document: nothing of the old one is pointed at
    m_run.load(scenario);
    if (m_editor != nullptr) {
        // The docks reset the editor on scenarioLoaded; what was just opened is clean.
        m_editor->undoStack()->setClean();
    }
    // GUI-only settings saved with the scenario.
    if (!scenario.uiJson.empty()) {
        const QJsonObject ui =
            QJsonDocument::fromJson(QByteArray::fromStdString(scenario.uiJson)).object();
        if (ui.contains(QStringLiteral("speed"))) {
            m_player.setSpeed(ui.value(QStringLiteral("speed")).toDouble(1.0));
        }
        if (ui.contains(QStringLiteral("chart_window_s"))) {
            m_charts->setWindowSeconds(ui.value(QStringLiteral("chart_window_s")).toDouble(10.0));
        }
    }
    updateTitle();
    refreshViews();
}

std::string MainWindow::uiJsonForSave() const
{
    QJsonObject ui =
        QJsonDocument::fromJson(QByteArray::fromStdString(editedScenario().uiJson)).object();
    ui.insert(QStringLiteral("speed"), m_player.speed());
    ui.insert(QStringLiteral("chart_window_s"), m_charts->windowSeconds());
    return QJsonDocument(ui).toJson(QJsonDocument::Compact).toStdString();
}

bool MainWindow::saveTo(const QString& path)
{
    if (!m_run.hasRun()) {
        return false;
    }
    Scenario scenario = editedScenario();
    scenario.uiJson = uiJsonForSave();
    const std::string json = serializeScenario(scenario);
    QString error;
    if (json.size() > kMaxScenarioBytes) {
        // A file the app would then refuse to open is not written at all.
        reportError(tr("Cannot save scenario"),
                    tr("%1\n\nThe scenario would take %2 bytes, more than the %3 bytes (16 MiB) a "
                       "scenario file may have.")
                        .arg(QDir::toNativeSeparators(path))
                        .arg(static_cast<qulonglong>(json.size()))
                        .arg(static_cast<qulonglong>(kMaxScenarioBytes)));
        return false;
    }
    if (!writeAtomically(path, QByteArray::fromStdString(json), error)) {
        reportError(tr("Cannot save scenario"),
                    tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    m_currentFile = QFileInfo(path).absoluteFilePath();
    addRecentFile(m_currentFile);
    if (m_editor != nullptr) {
        m_editor->undoStack()->setClean();
    }
    updateTitle();
    return true;
}

void MainWindow::setScenarioEditor(ScenarioEditor* editor, QAction* undo, QAction* redo)
{
    m_editor = editor;
    m_editMenu = new QMenu(tr("&Edit"), this);
    m_editMenu->addAction(undo);
    m_editMenu->addAction(redo);
    m_editMenu->addSeparator();
    QAction* details = m_editMenu->addAction(tr("&Name and description..."));
    connect(details, &QAction::triggered, this, &MainWindow::editNameAndDescription);
    menuBar()->insertMenu(m_viewMenu->menuAction(), m_editMenu);
    connect(editor->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(editor, &ScenarioEditor::scenarioChanged, this, &MainWindow::updateTitle);
    editor->undoStack()->setClean();
    m_director->setEditor(editor);
    updateTitle();
}

bool MainWindow::setNameAndDescription(const QString& name, const QString& description)
{
    if (m_editor == nullptr) {
        return false;
    }
    Scenario edited = m_editor->scenario();
    edited.name = name.toStdString();
    edited.description = description.toStdString();
    const Status status = m_editor->apply(tr("name and description"), edited);
    if (!status.ok()) {
        reportError(tr("Cannot rename the scenario"), toQString(status.error().message));
        return false;
    }
    return true;
}

void MainWindow::editNameAndDescription()
{
    ScenarioDetailsDialog dialog(QString::fromStdString(editedScenario().name),
                                 QString::fromStdString(editedScenario().description), this);
    if (dialog.exec() == QDialog::Accepted) {
        setNameAndDescription(dialog.name(), dialog.description());
    }
}

const Scenario& MainWindow::editedScenario() const
{
    return m_editor != nullptr ? m_editor->scenario() : m_run.scenario();
}

void MainWindow::setUnsavedChangesPrompt(std::function<UnsavedChoice()> prompt)
{
    m_unsavedPrompt = std::move(prompt);
}

bool MainWindow::confirmDiscardEdits()
{
    if (!isWindowModified()) {
        return true;
    }
    UnsavedChoice choice = UnsavedChoice::Cancel;
    if (m_unsavedPrompt) {
        choice = m_unsavedPrompt();
    } else {
        const QMessageBox::StandardButton button = QMessageBox::warning(
            this, tr("Unsaved changes"),
            tr("The scenario \"%1\" has been edited. Save the changes?")
                .arg(QString::fromStdString(editedScenario().name)),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        choice = button == QMessageBox::Save      ? UnsavedChoice::Save
                 : button == QMessageBox::Discard ? UnsavedChoice::Discard
                                                  : UnsavedChoice::Cancel;
    }
    switch (choice) {
        case UnsavedChoice::Save:
            return save();
        case UnsavedChoice::Discard:
            return true;
        case UnsavedChoice::Cancel:
            break;
    }
    return false;
}

bool MainWindow::exportTrace(const QString& path)
{
    return m_exports->trace(path);
}

bool MainWindow::exportSamples(const QString& path)
{
    return m_exports->samples(path);
}

bool MainWindow::exportDiagramPng(const QString& path)
{
    return m_exports->diagramPng(path);
}

bool MainWindow::exportChartPng(ChartsPanel::Chart chart, const QString& path)
{
    return m_exports->chartPng(chart, path);
}

void MainWindow::onOpen()
{
    if (!confirmDiscardEdits()) {
        return;
    }
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open scenario"), QFileInfo(m_currentFile).path(),
                                     tr("Scenarios and lessons (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openFile(path);
    }
}

bool MainWindow::save()
{
    if (!m_currentFile.isEmpty()) {
        return saveTo(m_currentFile);
    }
    QString suggestion = QDir::home().filePath(QStringLiteral("scenario.json"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggestion,
                                                      tr("Scenarios (*.json)"));
    return !path.isEmpty() && saveTo(path);
}

void MainWindow::onSave()
{
    save();
}

void MainWindow::onSaveAs()
{
    QString suggestion = m_currentFile;
    if (suggestion.isEmpty()) {
        suggestion = QDir::home().filePath(QStringLiteral("scenario.json"));
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggestion,
                                                      tr("Scenarios (*.json)"));
    if (!path.isEmpty()) {
        saveTo(path);
    }
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (confirmDiscardEdits()) {
                openFile(path);
            }
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle()
{
    // "[*]" shows where the modified marker goes (Qt draws it, or not).
    QString title = tr("Backpressure Lab");
    if (m_run.hasRun()) {
        const QString name = QString::fromStdString(editedScenario().name);
        title = name +
                (m_currentFile.isEmpty() ? QStringLiteral("[*] - ") : QStringLiteral(" - ")) +
                title;
    }
    if (!m_currentFile.isEmpty()) {
        title = QFileInfo(m_currentFile).fileName() + QStringLiteral("[*] - ") + title;
    }
    setWindowTitle(title);
    setWindowModified(m_editor != nullptr && !m_editor->undoStack()->isClean());
}

void MainWindow::updatePlayAction()
{
    m_playAction->setText(m_player.isPlaying() ? tr("Pause") : tr("Play"));
    m_playAction->setToolTip(tr("Play / pause (Space)"));
}

void MainWindow::setSpeedFromSlider(int position)
{
    if (!m_syncingSlider) {
        m_player.setSpeed(speedAt(position));
    }
}

void MainWindow::syncSpeedSlider(double speed)
{
    m_syncingSlider = true;
    m_speedSlider->setValue(positionOf(speed));
    m_syncingSlider = false;
    m_speedLabel->setText(formatSpeed(speed));
}

void MainWindow::highlightStage(int stageIndex)
{
    m_pickedStage = stageIndex;
    if (!m_run.cursorAtLine()) {
        m_diagram->setHighlightedStage(stageIndex);
    }
}

void MainWindow::refreshViews()
{
    if (!m_run.hasRun()) {
        return;
    }
    const Moment& m = m_run.moment();
    m_diagram->setStages(m.stages);
    const TraceStore& recent = m_run.recentTrace();
    const std::size_t visible = m_run.recentVisibleCount();
    const auto nowMs = static_cast<double>(m.t);
    // Chunks travel along the arrows at slow speeds and while stepping.
    const bool stepping = m_run.cursorAtLine();
    if (stepping || m_player.speed() <= 0.2 + 1e-9) {
        const double span = stepping ? 1.0 : std::max(1.0, 400.0 * m_player.speed());
        m_diagram->setChunksInFlight(
            chunksInFlight(recent, visible, stepping ? nowMs + 0.5 : nowMs, span));
    } else {
        m_diagram->setChunksInFlight({});
    }

    QString caption = tr("memory %1   events %2")
                          .arg(formatBytes(static_cast<double>(m.memory.totalBytes())))
                          .arg(m.lines);
    if (m_player.loopCount() > 0) {
        caption += tr("   run %1").arg(m_player.loopCount() + 1);
    }
    m_diagram->setCaption(caption);
    QString banner;
    QColor bannerColour(200, 30, 30);
    if (m_run.atEnd() && !stepping) {
        switch (m.outcome) {
            case Outcome::Uncaught:
                banner = tr("uncaught error: the process crashed");
                break;
            case Outcome::Oom:
                banner = tr("out of memory: the process was killed");
                break;
            case Outcome::Idle:
                banner = tr("run complete");
                bannerColour = QColor(43, 138, 62);
                break;
            case Outcome::Until:
                banner = tr("stopped at until_ms");
                bannerColour = QColor(73, 80, 87);
                break;
            case Outcome::Running:
                break;
        }
        if (!m_run.stopReason().empty()) {
            banner = tr("run stopped: it cannot go on");  // the footer says why
        }
    }
    m_diagram->setBanner(banner, bannerColour);
    if (stepping && m.line) {
        // The log's "#" column counts from 0: the same number here.
        TraceEvent event = m.line->event;
        event.message = m.line->message;
        m_diagram->setFooter(tr("line #%L1 at %2 s:  %3")
                                 .arg(m.line->index)
                                 .arg(static_cast<double>(event.t) / 1000.0, 0, 'f', 3)
                                 .arg(plainLine(event, m_run.scenario())));
        m_diagram->setHighlightedStage(event.stage);
    } else {
        m_diagram->setFooter(m_run.stopReason().empty() ? QString() : describeRunEnd(m_run));
        m_diagram->setHighlightedStage(m_pickedStage);
    }

    const auto [t0, t1] = m_charts->rangeFor(nowMs);
    m_chartSource.update(m_run, static_cast<std::int64_t>(std::floor(t0 * 1000.0)),
                         static_cast<std::int64_t>(std::ceil(t1 * 1000.0)));
    ChartsInput input;
    input.samples = &m_chartSource.history();
    input.trace = &recent;
    input.visibleTraceCount = visible;
    input.traceFirstLine = m_run.recentFirstLine();
    input.traceFrom = m_run.recentFrom();
    input.summary = m_run.seriesSummary();
    input.nowMs = nowMs;
    input.runGeneration = m_run.generation();
    m_charts->refresh(input);
    m_scrubber->update();

    const QString clock = QStringLiteral("t = %1 s").arg(nowMs / 1000.0, 0, 'f', 3);
    m_clockLabel->setText(clock);
    // Room for this time with every digit at its widest, in the label's
    // font (presenter mode's is larger), so the "s" is never cut and the
    // buttons beside it do not shift from one frame to the next.
    QString widest = clock;
    for (QChar& c : widest) {
        if (c.isDigit()) {
            c = QLatin1Char('8');
        }
    }
    const int room = m_clockLabel->fontMetrics().horizontalAdvance(widest) + 12;
    if (room > m_clockLabel->minimumWidth()) {
        m_clockLabel->setMinimumWidth(room);
    }
    m_achievedLabel->setText(m_player.fallingBehind()
                                 ? tr("achieved %1").arg(formatSpeed(m_player.achievedSpeed()))
                                 : QString());
}

bool MainWindow::event(QEvent* event)
{
    if (event->type() == QEvent::UpdateRequest && m_frameStats != nullptr) {
        // A frame = one frame() tick and the paint that shows it; other
        // repaints (hover, resize) are not counted.
        QElapsedTimer paint;
        paint.start();
        const bool handled = QMainWindow::event(event);
        if (m_player.frameCount() != m_countedFrame) {
            m_countedFrame = m_player.frameCount();
            const double ms =
                static_cast<double>(paint.nsecsElapsed() + m_player.lastFrameWorkNs()) / 1e6;
            m_frameStats->addFrame(ms);
        }
        return handled;
    }
    return QMainWindow::event(event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscardEdits()) {
        event->ignore();
        return;
    }
    if (!m_layoutRestored) {
        QMainWindow::closeEvent(event);  // a batch or test window: leave the person's layout alone
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() &&
        urls.first().toLocalFile().endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        if (confirmDiscardEdits()) {
            openFile(urls.first().toLocalFile());
        }
    }
}

}  // namespace bplab::ui
