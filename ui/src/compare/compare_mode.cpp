#include "bplab_ui/compare/compare_mode.h"

#include "compare/compare_view.h"

#include "bplab_charts/time_chart.h"
#include "bplab_core/run_summary.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/format.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/scrubber.h"
#include "bplab_ui/story/story_moments.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QTableWidget>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace bplab::ui {

namespace {

// The lines the first difference is looked for in (each run's).
constexpr std::int64_t kDivergenceSearchLines = 1'000'000;

// Bytes per unit of each chart's value axis: buffers and memory in KiB,
// delivered in MiB.
constexpr double kChartUnit[] = {1024.0, 1024.0, 1024.0 * 1024.0};

const QColor kColourA(31, 95, 168);
const QColor kColourB(194, 65, 12);

QString toQString(const std::string& text)
{
    return QString::fromStdString(text);
}

QMenu* menuTitled(const QList<QAction*>& actions, const QString& title)
{
    for (QAction* action : actions) {
        if (action->menu() != nullptr && action->menu()->title() == title) {
            return action->menu();
        }
    }
    return nullptr;
}

Result<Scenario> exampleScenario(const QString& name)
{
    QFile file(QStringLiteral(":/examples/%1.json").arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{
            QStringLiteral("there is no built-in example named \"%1\"").arg(name).toStdString()};
    }
    const QByteArray json = file.readAll();
    return parseScenario(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
}

QString signedText(double value, const QString& text)
{
    return value > 0 ? QStringLiteral("+") + text : text;
}

QString secondsText(std::int64_t ms)
{
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 3);
}

// One run's diagram at its cursor, its caption and footer; `divergence` marks
// the first differing line when the cursor stands on it.
// Returns the run's end in words ("run complete"), for the header above the
// diagram (a narrow diagram has no room for a banner beside its caption).
QString showRun(PipelineDiagram* diagram, const Run& run, std::optional<std::int64_t> divergence)
{
    if (!run.hasRun()) {
        return {};
    }
    const Moment& m = run.moment();
    diagram->setStages(m.stages);
    diagram->setCaption(QObject::tr("t = %1   memory %2   events %3")
                            .arg(secondsText(m.t))
                            .arg(formatBytes(static_cast<double>(m.memory.totalBytes())))
                            .arg(m.lines));
    QString banner;
    QColor colour(200, 30, 30);
    if (run.atEnd() && !run.cursorAtLine()) {
        switch (m.outcome) {
            case Outcome::Uncaught:
                banner = QObject::tr("uncaught error: the process crashed");
                break;
            case Outcome::Oom:
                banner = QObject::tr("out of memory: the process was killed");
                break;
            case Outcome::Idle:
                banner = QObject::tr("run complete");
                colour = QColor(43, 138, 62);
                break;
            case Outcome::Until:
                banner = QObject::tr("stopped at until_ms");
                colour = QColor(73, 80, 87);
                break;
            case Outcome::Running:
                break;
        }
    }
    diagram->setBanner({}, colour);
    if (run.cursorAtLine() && m.line) {
        TraceEvent event = m.line->event;
        event.message = m.line->message;
        QString footer = QObject::tr("line #%L1 at %2:  %3")
                             .arg(m.line->index)
                             .arg(secondsText(event.t))
                             .arg(plainLine(event, run.scenario()));
        if (divergence && *divergence == m.line->index) {
            footer = QObject::tr("FIRST DIFFERENCE  ") + footer;
        }
        diagram->setFooter(footer);
        diagram->setHighlightedStage(event.stage);
    } else {
        diagram->setFooter({});
        diagram->setHighlightedStage(-1);
    }
    return banner;
}

}  // namespace

const std::vector<ClassicPair>& classicPairs()
{
    static const std::vector<ClassicPair> pairs = {
        {QObject::tr("pipe() vs pipeline(), the same error"), QStringLiteral("error-with-pipe"),
         QStringLiteral("error-with-pipeline")},
        {QObject::tr("write() ignored vs pipe(), the same slow socket"),
         QStringLiteral("ignoring-write-return"), QStringLiteral("fast-producer-slow-consumer")},
        {QObject::tr("Text cut by chunks: per chunk vs StringDecoder"),
         QStringLiteral("text-cut-decoded-per-chunk"),
         QStringLiteral("text-cut-decoded-with-string-decoder")},
    };
    return pairs;
}

CompareMode* installCompareMode(MainWindow* window)
{
    return new CompareMode(window);
}

CompareMode::CompareMode(MainWindow* window) : QObject(window), m_window(window)
{
    setObjectName(QStringLiteral("compareMode"));
    m_compareAction = new QAction(tr("&Compare with..."), this);
    m_compareAction->setToolTip(tr("Open a second scenario beside this one, on the same clock"));
    connect(m_compareAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Compare with"), QFileInfo(m_window->currentFile()).absolutePath(),
            tr("Scenarios (*.json)"));
        if (!path.isEmpty()) {
            compareWithFile(path);
        }
    });
    m_duplicateAction = new QAction(tr("&Duplicate as B"), this);
    m_duplicateAction->setToolTip(tr("Compare with a copy of this scenario, to edit"));
    connect(m_duplicateAction, &QAction::triggered, this, &CompareMode::duplicateAsB);
    m_leaveAction = new QAction(tr("&Leave compare"), this);
    m_leaveAction->setEnabled(false);
    connect(m_leaveAction, &QAction::triggered, this, &CompareMode::leave);

    const QList<QAction*> bar = window->menuBar()->actions();
    QMenu* experiment = menuTitled(bar, tr("E&xperiment"));
    if (experiment == nullptr) {
        QAction* help = bar.isEmpty() ? nullptr : bar.last();
        experiment = new QMenu(tr("E&xperiment"), window);
        window->menuBar()->insertMenu(help, experiment);
    }
    experiment->addSeparator();
    experiment->addAction(m_compareAction);
    experiment->addAction(m_duplicateAction);
    experiment->addAction(m_leaveAction);
    if (QMenu* file = menuTitled(bar, tr("&File"))) {
        if (QMenu* examples = menuTitled(file->actions(), tr("&Examples"))) {
            QMenu* pairs = examples->addMenu(tr("&Classic pairs (compare)"));
            for (const ClassicPair& pair : classicPairs()) {
                connect(pairs->addAction(pair.title), &QAction::triggered, this, [this, pair] {
                    if (m_window->confirmDiscardEdits()) {
                        openPair(pair);
                    }
                });
            }
        }
    }

    Run& run = m_window->run();
    connect(&run, &Run::jumped, this, &CompareMode::onWindowRunJumped);
    connect(&run, &Run::loaded, this, &CompareMode::onRunLoaded);
    connect(&run, &Run::cursorMoved, this, &CompareMode::rememberCursor);
    connect(&m_other, &Run::loaded, this, &CompareMode::onRunLoaded);
    connect(&m_window->player(), &Player::frameAdvanced, this, &CompareMode::refresh);
}

CompareMode::~CompareMode()
{
    // The window's members (its Player and Run) are gone by now: the window
    // deletes its children last. What is not the central widget is ours.
    if (m_view != nullptr && m_view->parent() == nullptr) {
        delete m_view;
    }
    delete m_savedCentral;
}

Run& CompareMode::runA()
{
    return m_windowHoldsA ? m_window->run() : m_other;
}

Run& CompareMode::runB()
{
    return m_windowHoldsA ? m_other : m_window->run();
}

QString CompareMode::legendA() const
{
    return QStringLiteral("A: ") + m_difference.a;
}

QString CompareMode::legendB() const
{
    return QStringLiteral("B: ") + m_difference.b;
}

PipelineDiagram* CompareMode::diagramA() const
{
    return m_view != nullptr ? m_view->diagramA : nullptr;
}

PipelineDiagram* CompareMode::diagramB() const
{
    return m_view != nullptr ? m_view->diagramB : nullptr;
}

charts::TimeChart* CompareMode::chart(int index) const
{
    return m_view != nullptr && index >= 0 && index < CompareView::ChartCount
               ? m_view->charts[static_cast<std::size_t>(index)]
               : nullptr;
}

QTableWidget* CompareMode::summaryTable() const
{
    return m_view != nullptr ? m_view->table : nullptr;
}

QLabel* CompareMode::divergenceLabel() const
{
    return m_view != nullptr ? m_view->divergence : nullptr;
}

void CompareMode::ensureView()
{
    if (m_view != nullptr) {
        return;
    }
    m_view = new CompareView(&m_window->run());
    connect(m_view->leave, &QPushButton::clicked, this, &CompareMode::leave);
    connect(m_view->goToDivergence, &QPushButton::clicked, this, &CompareMode::goToDivergence);
    connect(m_view->editA, &QRadioButton::clicked, this, [this] {
        if (!select(Side::A)) {
            m_view->editB->setChecked(true);
        }
    });
    connect(m_view->editB, &QRadioButton::clicked, this, [this] {
        if (!select(Side::B)) {
            m_view->editA->setChecked(true);
        }
    });
}

bool CompareMode::compareWithFile(const QString& pathOrExample)
{
    const QFileInfo info(pathOrExample);
    if (!info.exists() && MainWindow::exampleNames().contains(pathOrExample)) {
        const Result<Scenario> example = exampleScenario(pathOrExample);
        if (example) {
            compareWith(example.value());
            return true;
        }
    }
    const Result<Scenario> loaded =
        loadScenarioFile(std::filesystem::path(pathOrExample.toStdString()));
    if (!loaded) {
        m_window->reportError(
            tr("Cannot compare"),
            tr("%1\n\n%2")
                .arg(QDir::toNativeSeparators(pathOrExample), toQString(loaded.error().message)));
        return false;
    }
    compareWith(loaded.value(), info.absoluteFilePath());
    return true;
}

void CompareMode::compareWith(const Scenario& b, const QString& file)
{
    ensureView();
    if (!m_windowHoldsA) {
        select(Side::A);  // B is replaced: the window goes back to A
    }
    m_otherFile = file;
    m_syncing = true;
    m_other.load(b);
    // The same clock: B runs to where A stands.
    m_other.advanceTo(m_window->run().cursorTime());
    m_syncing = false;
    if (!m_active) {
        m_active = true;
        m_window->player().addRun(&m_other);
        if (m_window->width() < 1600) {
            for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
                // A dock that shows both runs (the text panel) stays.
                if (dock->isVisible() && !dock->property("bplabKeepShown").toBool()) {
                    dock->hide();
                    m_hiddenDocks.emplace_back(dock);
                }
            }
        }
        m_savedCentral = m_window->takeCentralWidget();
        m_window->setCentralWidget(m_view);
        m_view->show();
        // Focus stays here: falling to the event log would select (and seek
        // to) its first line.
        m_view->setFocus(Qt::OtherFocusReason);
        m_leaveAction->setEnabled(true);
        Q_EMIT activeChanged(true);
    }
    rememberCursor();
    onRunLoaded();
}

void CompareMode::duplicateAsB()
{
    const Scenario copy = m_window->editedScenario();
    compareWith(copy);
    select(Side::B);
    m_window->statusBar()->showMessage(
        tr("B is a copy of A: edits in the inspector now change B (Edits go to: A/B)"), 8000);
}

bool CompareMode::openPair(const ClassicPair& pair)
{
    const Result<Scenario> b = exampleScenario(pair.b);
    if (!b) {
        m_window->reportError(tr("Cannot open example"), toQString(b.error().message));
        return false;
    }
    if (m_active && !m_windowHoldsA && !select(Side::A)) {
        return false;
    }
    if (!m_window->openExample(pair.a)) {
        return false;
    }
    compareWith(b.value());
    return true;
}

void CompareMode::leave()
{
    if (!m_active) {
        return;
    }
    m_active = false;
    m_window->player().removeRun(&m_other);
    m_window->takeCentralWidget();  // the view; kept for the next time
    m_view->setParent(nullptr);
    m_view->hide();
    m_window->setCentralWidget(m_savedCentral);
    m_savedCentral->setFocus(Qt::OtherFocusReason);
    m_savedCentral = nullptr;
    for (const QPointer<QDockWidget>& dock : m_hiddenDocks) {
        if (dock != nullptr) {
            dock->show();
        }
    }
    m_hiddenDocks.clear();
    m_leaveAction->setEnabled(false);
    m_window->refreshViews();
    Q_EMIT activeChanged(false);
}

bool CompareMode::select(Side side)
{
    if (!m_active || selected() == side) {
        return m_active;
    }
    if (!m_window->confirmDiscardEdits()) {
        return false;
    }
    Run& window = m_window->run();
    const std::int64_t t = window.cursorTime();
    const QString outgoingFile = m_window->currentFile();
    const bool discarded = m_window->isWindowModified();  // "Discard" leaves the window modified
    const RecordingSpec outgoing = window.spec();
    const std::int64_t outgoingHead = window.headLines();
    const Scenario incoming = m_other.scenario();
    const QString incomingFile = m_otherFile;

    m_syncing = true;
    bool fromFile = false;
    if (discarded && !outgoingFile.isEmpty()) {
        const Result<Scenario> saved =
            loadScenarioFile(std::filesystem::path(outgoingFile.toStdString()));
        if (saved) {
            m_other.load(saved.value());
            fromFile = true;
        }
    }
    if (!fromFile) {
        m_other.loadSpec(outgoing, outgoingHead);
    }
    m_otherFile = outgoingFile;
    m_windowHoldsA = !m_windowHoldsA;
    bool opened = false;
    if (!incomingFile.isEmpty()) {
        opened = m_window->openFile(incomingFile);
    }
    if (!opened) {
        m_window->openScenario(incoming);
    }
    window.advanceTo(t);
    m_other.advanceTo(t);
    m_syncing = false;
    if (m_view != nullptr) {
        (side == Side::A ? m_view->editA : m_view->editB)->setChecked(true);
    }
    rememberCursor();
    onRunLoaded();
    m_window->statusBar()->showMessage(side == Side::A ? tr("Edits go to A") : tr("Edits go to B"),
                                       5000);
    return true;
}

void CompareMode::rememberCursor()
{
    const Run& run = m_window->run();
    m_lastLine = run.cursorLine();
    m_lastAtLine = run.cursorAtLine();
}

void CompareMode::onWindowRunJumped()
{
    if (!m_active || m_syncing) {
        rememberCursor();
        return;
    }
    Run& run = m_window->run();
    m_syncing = true;
    // A step stays a step on the other run: one line of its own, so that each
    // stands where it would stand alone. Anything else: the same time.
    const std::int64_t line = run.cursorLine();
    if (run.cursorAtLine() && line == m_lastLine + 1) {
        m_other.stepForward();
    } else if (run.cursorAtLine() && m_lastAtLine && line == m_lastLine - 1) {
        m_other.stepBack();
    } else if (run.cursorAtLine() && line == 0) {
        m_other.toStart();
    } else {
        m_other.seekTime(run.cursorTime());
    }
    m_syncing = false;
    rememberCursor();
    refresh();
}

void CompareMode::onRunLoaded()
{
    if (!m_active || m_syncing) {
        return;
    }
    Run& run = m_window->run();
    // A new run in the window (Reset, a restart after an edit, a fork): the
    // other one goes to the same time, without pausing the clock.
    if (sender() == &run) {
        m_syncing = true;
        m_other.advanceTo(run.cursorTime());
        m_syncing = false;
    }
    m_difference = describeDifference(runA().scenario(), runB().scenario());
    m_divergenceDirty = true;
    m_view->diagramA->setScenario(runA().scenario());
    m_view->diagramB->setScenario(runB().scenario());
    const std::array<charts::TimeChart*, CompareView::ChartCount>& charts = m_view->charts;
    for (charts::TimeChart* chart : charts) {
        chart->clear();
    }
    // Buffers: every stage's buffered length, A solid and B dashed in the
    // stage's colour; the two legend entries say which line is which run.
    for (int side = 0; side < 2; ++side) {
        charts::SeriesStyle key;
        key.name = side == 0 ? legendA() : legendB();
        key.color = QColor(60, 60, 60);
        key.line = side == 0 ? charts::LineStyle::Solid : charts::LineStyle::Dashed;
        key.inReadout = false;
        charts[CompareView::Buffers]->addSeries(key);
    }
    for (int side = 0; side < 2; ++side) {
        const Scenario& s = side == 0 ? runA().scenario() : runB().scenario();
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            charts::SeriesStyle style;
            style.name = (side == 0 ? QStringLiteral("A ") : QStringLiteral("B ")) +
                         toQString(s.stages[i].id);
            style.color = stageColour(i);
            style.line = side == 0 ? charts::LineStyle::Solid : charts::LineStyle::Dashed;
            style.inLegend = false;
            charts[CompareView::Buffers]->addSeries(style);
        }
    }
    for (std::size_t c : {std::size_t{CompareView::Memory}, std::size_t{CompareView::Delivered}}) {
        for (int side = 0; side < 2; ++side) {
            charts::SeriesStyle style;
            style.name = side == 0 ? legendA() : legendB();
            style.color = side == 0 ? kColourA : kColourB;
            style.line = side == 0 ? charts::LineStyle::Solid : charts::LineStyle::Dashed;
            charts[c]->addSeries(style);
        }
    }
    for (std::size_t c = 0; c < CompareView::ChartCount; ++c) {
        const double unit = kChartUnit[c];
        charts[c]->setValueFormatter([unit](double v) { return formatBytes(v * unit); });
    }
    charts[CompareView::Buffers]->setValueAxisTitle(tr("KiB"));
    charts[CompareView::Memory]->setValueAxisTitle(tr("KiB"));
    charts[CompareView::Delivered]->setValueAxisTitle(tr("MiB to the last stage"));
    m_view->title->setText(tr("Two runs on one clock: A solid, B dashed"));
    m_headerA = tr("A: %1   (%2)").arg(m_difference.a, toQString(runA().scenario().name));
    m_headerB = tr("B: %1   (%2)").arg(m_difference.b, toQString(runB().scenario().name));
    m_view->headerA->setStyleSheet(QStringLiteral("color: %1").arg(kColourA.name()));
    m_view->headerB->setStyleSheet(QStringLiteral("color: %1").arg(kColourB.name()));
    updateDivergence();
    refresh();
}

void CompareMode::updateDivergence()
{
    if (!m_divergenceDirty || !runA().hasRun() || !runB().hasRun()) {
        return;
    }
    m_divergenceDirty = false;
    m_divergence = findDivergence(runA().spec(), runB().spec(), kDivergenceSearchLines);
    QString html;
    const auto side = [](const QString& who, const std::string& line, std::int64_t t,
                         const std::string& why) {
        if (line.empty()) {
            return QObject::tr("<p><b>%1</b>: its trace has ended.</p>").arg(who);
        }
        return QObject::tr("<p><b>%1</b> at %2: <code>%3</code><br>%4</p>")
            .arg(who, secondsText(t),
                 // Room to wrap: a JSON line has no spaces of its own.
                 QString::fromStdString(line)
                     .replace(QLatin1Char(','), QStringLiteral(", "))
                     .toHtmlEscaped(),
                 QString::fromStdString(why).toHtmlEscaped());
    };
    if (m_divergence.line) {
        html = tr("<p><b>The traces part at line #%L1</b> (the first %L1 lines are equal).</p>")
                   .arg(*m_divergence.line);
        html += side(legendA().toHtmlEscaped(), m_divergence.lineA, m_divergence.timeA,
                     m_divergence.whyA);
        html += side(legendB().toHtmlEscaped(), m_divergence.lineB, m_divergence.timeB,
                     m_divergence.whyB);
    } else if (m_divergence.complete) {
        html = tr("<p><b>The two traces are equal</b>: %L1 lines.</p>").arg(m_divergence.compared);
    } else {
        html = tr("<p><b>No difference in the first %L1 lines.</b></p>").arg(m_divergence.compared);
    }
    m_view->divergence->setText(html);
    m_view->goToDivergence->setEnabled(m_divergence.line.has_value());
    m_view->goToDivergence->setText(m_divergence.line
                                        ? tr("Go to line #%L1 in both").arg(*m_divergence.line)
                                        : tr("Go to the first difference"));
}

bool CompareMode::goToDivergence()
{
    if (!m_active || !m_divergence.line) {
        return false;
    }
    m_syncing = true;
    m_other.seekLine(*m_divergence.line);
    m_window->run().seekLine(*m_divergence.line);  // a jump: the player pauses
    m_syncing = false;
    refresh();
    return true;
}

void CompareMode::refresh()
{
    if (!m_active || m_view == nullptr) {
        return;
    }
    Run& a = runA();
    Run& b = runB();
    if (!a.hasRun() || !b.hasRun()) {
        return;
    }
    const auto header = [](const QString& base, const QString& end) {
        return end.isEmpty() ? base : base + QStringLiteral("   \u2014 ") + end;
    };
    m_view->headerA->setText(header(m_headerA, showRun(m_view->diagramA, a, m_divergence.line)));
    m_view->headerB->setText(header(m_headerB, showRun(m_view->diagramB, b, m_divergence.line)));

    // Charts: one time range for both, up to the later cursor.
    const auto nowMs = static_cast<double>(std::max(a.cursorTime(), b.cursorTime()));
    const auto [t0, t1] = m_window->charts()->rangeFor(nowMs);
    const auto from = static_cast<std::int64_t>(std::floor(t0 * 1000.0));
    const auto to = static_cast<std::int64_t>(std::ceil(t1 * 1000.0));
    m_view->sourceA.update(a, from, to);
    m_view->sourceB.update(b, from, to);
    const std::array<charts::TimeChart*, CompareView::ChartCount>& charts = m_view->charts;
    for (charts::TimeChart* chart : charts) {
        chart->setTimeRange(t0, t1);  // first: the points are decimated to it
    }
    int bufferSeries = 2;
    for (int side = 0; side < 2; ++side) {
        const SampleHistory& h = (side == 0 ? m_view->sourceA : m_view->sourceB).history();
        const std::size_t stages = (side == 0 ? a : b).scenario().stages.size();
        std::vector<std::vector<QPointF>> buffers(stages);
        std::vector<QPointF> memory;
        std::vector<QPointF> delivered;
        for (std::size_t row = 0; row < h.size(); ++row) {
            const double t = static_cast<double>(h.timeAt(row)) / 1000.0;
            double total = 0.0;
            for (std::size_t s = 0; s < stages && s < h.stageCount(); ++s) {
                const StagePoint& p = h.at(row, s);
                buffers[s].emplace_back(
                    t, static_cast<double>(p.readableLength + p.writableLength) / kChartUnit[0]);
                total += static_cast<double>(p.externalBytes + p.heapBytes);
            }
            memory.emplace_back(t, total / kChartUnit[1]);
            if (stages > 0 && h.stageCount() >= stages) {
                delivered.emplace_back(
                    t, static_cast<double>(h.at(row, stages - 1).moved) / kChartUnit[2]);
            }
        }
        for (std::size_t s = 0; s < stages; ++s) {
            charts[CompareView::Buffers]->setSeriesPoints(bufferSeries++, std::move(buffers[s]));
        }
        charts[CompareView::Memory]->setSeriesPoints(side, std::move(memory));
        charts[CompareView::Delivered]->setSeriesPoints(side, std::move(delivered));
    }
    for (charts::TimeChart* chart : charts) {
        chart->commit();
    }
    m_view->scrubber->update();

    // The summary at each cursor, and B - A.
    const RunSummary sa = a.summary();
    const RunSummary sb = b.summary();
    struct Row {
        QString figure;
        QString a;
        QString b;
        QString delta;
    };
    const auto count = [](std::int64_t x, std::int64_t y) {
        return Row{{},
                   QString::number(x),
                   QString::number(y),
                   signedText(static_cast<double>(y - x), QString::number(y - x))};
    };
    const auto bytes = [](std::int64_t x, std::int64_t y) {
        const auto d = static_cast<double>(y - x);
        return Row{{},
                   formatBytes(static_cast<double>(x)),
                   formatBytes(static_cast<double>(y)),
                   d < 0 ? QStringLiteral("-") + formatBytes(-d) : signedText(d, formatBytes(d))};
    };
    const auto ms = [](std::int64_t x, std::int64_t y) {
        return Row{
            {}, secondsText(x), secondsText(y), signedText(double(y - x), secondsText(y - x))};
    };
    std::vector<Row> rows;
    rows.push_back(ms(sa.durationMs, sb.durationMs));
    rows.back().figure = tr("duration");
    rows.push_back(count(sa.events, sb.events));
    rows.back().figure = tr("events");
    rows.push_back(count(sa.pauses, sb.pauses));
    rows.back().figure = tr("pauses");
    rows.push_back(count(sa.drains, sb.drains));
    rows.back().figure = tr("drains");
    rows.push_back(bytes(sa.peakMemoryBytes, sb.peakMemoryBytes));
    rows.back().figure = tr("peak memory");
    rows.push_back(ms(sa.peakMemoryAtMs, sb.peakMemoryAtMs));
    rows.back().figure = tr("peak memory at");
    rows.push_back(bytes(sa.delivered, sb.delivered));
    rows.back().figure = tr("delivered");
    {
        const double ta = sa.throughputPerSecond();
        const double tb = sb.throughputPerSecond();
        const double d = tb - ta;
        rows.push_back(Row{tr("throughput"), toQString(formatThroughput(sa)),
                           toQString(formatThroughput(sb)),
                           ta > 0 ? QStringLiteral("%1%2 %")
                                        .arg(d >= 0 ? QStringLiteral("+") : QString())
                                        .arg(100.0 * d / ta, 0, 'f', 1)
                                  : QString()});
    }
    rows.push_back(Row{tr("outcome"), toQString(std::string(toString(sa.outcome))),
                       toQString(std::string(toString(sb.outcome))),
                       sa.outcome == sb.outcome ? tr("same") : tr("differs")});
    if (m_divergence.line) {
        const auto at = [](std::int64_t t) { return t < 0 ? tr("ended") : secondsText(t); };
        rows.push_back(Row{tr("line #%L1 differs at").arg(*m_divergence.line),
                           at(m_divergence.timeA), at(m_divergence.timeB), QString()});
    } else {
        rows.push_back(Row{tr("first difference"), tr("none"), tr("none"), QString()});
    }
    QTableWidget* table = m_view->table;
    table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const Row& row = rows[static_cast<std::size_t>(r)];
        const QString cells[] = {row.figure, row.a, row.b, row.delta};
        for (int c = 0; c < 4; ++c) {
            QTableWidgetItem* item = table->item(r, c);
            if (item == nullptr) {
                item = new QTableWidgetItem;
                table->setItem(r, c, item);
            }
            if (item->text() != cells[c]) {
                item->setText(cells[c]);
            }
        }
    }
}

}  // namespace bplab::ui
