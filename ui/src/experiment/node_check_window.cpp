#include "bplab_ui/experiment/node_check_window.h"

#include "bplab_core/lesson.h"
#include "bplab_core/node_check.h"
#include "bplab_core/trace_jsonl.h"

#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace bplab::ui {

namespace {

const QString kBinaryKey = QStringLiteral("node/binary");

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList context(const std::vector<TraceLine>& lines, std::size_t index)
{
    QStringList out;
    const std::size_t from = index >= 5 ? index - 5 : 0;
    const std::size_t to = std::min(lines.size(), index + 6);
    for (std::size_t i = from; i < to; ++i) {
        out << QStringLiteral("%1 %2  %3")
                   .arg(i == index ? QLatin1Char('>') : QLatin1Char(' '))
                   .arg(i + 1, 6)
                   .arg(q(lines[i].toJson()));
    }
    if (index >= lines.size()) {
        out << QStringLiteral(">  (end)  the trace ends after %1 lines").arg(lines.size());
    }
    return out;
}

}  // namespace

// What the worker thread hands back.
struct NodeCheckWindow::Verdict {
    Outcome outcome = Outcome::Failed;
    QString text;
    std::optional<std::size_t> line;
    QStringList ours;
    QStringList theirs;
    QString oursWhy;
    QString theirsWhy;
};

NodeCheckWindow::NodeCheckWindow(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Run on real Node"));
    setObjectName(QStringLiteral("nodeCheckWindow"));
    setModal(false);
    auto* column = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_binary =
        new QLineEdit(QSettings().value(kBinaryKey, QStringLiteral("node")).toString(), this);
    m_binary->setToolTip(tr("The Node binary: a path, or a name looked up on PATH"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    m_timeoutSpin = new QSpinBox(this);
    m_timeoutSpin->setRange(1, 3600);
    m_timeoutSpin->setValue(m_timeoutMs / 1000);
    m_timeoutSpin->setSuffix(tr(" s"));
    m_timeoutSpin->setToolTip(tr("Node is stopped when it runs longer than this"));
    m_run = new QPushButton(tr("Run"), this);
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    row->addWidget(new QLabel(tr("Node binary"), this));
    row->addWidget(m_binary, 1);
    row->addWidget(browse);
    row->addWidget(new QLabel(tr("Timeout"), this));
    row->addWidget(m_timeoutSpin);
    row->addWidget(m_run);
    row->addWidget(m_cancel);
    column->addLayout(row);
    m_versionLabel = new QLabel(this);
    m_versionLabel->setWordWrap(true);
    column->addWidget(m_versionLabel);
    m_verdictLabel = new QLabel(tr("Runs the scenario on real Node through the harness and "
                                   "compares the two traces line for line."),
                                this);
    m_verdictLabel->setWordWrap(true);
    QFont bold = m_verdictLabel->font();
    bold.setBold(true);
    m_verdictLabel->setFont(bold);
    column->addWidget(m_verdictLabel);

    auto* sides = new QGridLayout;
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (auto [edit, why, title, col] : {std::tuple{&m_ours, &m_oursWhyLabel, tr("Simulation"), 0},
                                         std::tuple{&m_theirs, &m_theirsWhyLabel, tr("Node"), 1}}) {
        sides->addWidget(new QLabel(title, this), 0, col);
        *edit = new QPlainTextEdit(this);
        (*edit)->setReadOnly(true);
        (*edit)->setLineWrapMode(QPlainTextEdit::NoWrap);
        (*edit)->setFont(mono);
        // Eleven lines and the end marker, without a scroll bar.
        const int lineHeight = QFontMetrics(mono).lineSpacing();
        (*edit)->setFixedHeight(lineHeight * 13 + 2 * (*edit)->frameWidth() + 8);
        sides->addWidget(*edit, 1, col);
        *why = new QLabel(this);
        (*why)->setWordWrap(true);
        (*why)->setTextInteractionFlags(Qt::TextSelectableByMouse);
        sides->addWidget(*why, 2, col, Qt::AlignTop);
    }
    column->addLayout(sides);
    column->addStretch(1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Node binary"));
        if (!path.isEmpty()) {
            setNodeBinary(path);
        }
    });
    // The binary a person runs is remembered; one given by a program is not.
    connect(m_run, &QPushButton::clicked, this, [this] {
        QSettings().setValue(kBinaryKey, nodeBinary());
        start();
    });
    connect(m_cancel, &QPushButton::clicked, this, &NodeCheckWindow::cancel);
    connect(m_timeoutSpin, &QSpinBox::valueChanged, this,
            [this](int s) { m_timeoutMs = s * 1000; });
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &NodeCheckWindow::onTimeout);
    resize(1100, 560);
}

NodeCheckWindow::~NodeCheckWindow()
{
    ++m_generation;
    stopProcess();
    joinWorker();
}

void NodeCheckWindow::joinWorker()
{
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

void NodeCheckWindow::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
}

void NodeCheckWindow::setNodeBinary(const QString& binary)
{
    m_binary->setText(binary);
}

QString NodeCheckWindow::nodeBinary() const
{
    return m_binary->text().trimmed();
}

void NodeCheckWindow::setTimeoutMs(int ms)
{
    m_timeoutMs = ms;
}

void NodeCheckWindow::stopProcess()
{
    m_timeout.stop();
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(1000);  // a killed process is reaped at once
        }
        m_process.reset();
    }
}

void NodeCheckWindow::startProcess(const QString& program, const QStringList& arguments)
{
    stopProcess();
    m_process.reset(new QProcess);
    m_process->setProgram(program);
    m_process->setArguments(arguments);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            finish(Outcome::Failed,
                   tr("%1: cannot start: %2").arg(m_binaryPath, m_process->errorString()));
        }
    });
    m_timeout.start(m_timeoutMs);
    m_process->start();
}

bool NodeCheckWindow::start()
{
    if (isRunning()) {
        return false;
    }
    ++m_generation;
    joinWorker();
    m_version.clear();
    m_warning.clear();
    m_line.reset();
    m_oursContext.clear();
    m_theirsContext.clear();
    m_oursWhy.clear();
    m_theirsWhy.clear();
    auto binary = findNodeBinary(nodeBinary().toStdString());
    if (!binary) {
        finish(Outcome::Failed, q(binary.error().message));
        return false;
    }
    auto harness = findHarness(std::nullopt);
    if (!harness) {
        finish(Outcome::Failed, q(harness.error().message));
        return false;
    }
    m_binaryPath = QString::fromStdString(binary->string());
    m_harness = QString::fromStdString(harness->string());
    m_outcome = Outcome::Running;
    m_verdict = tr("Asking %1 for its version...").arg(m_binaryPath);
    showResult();
    startProcess(m_binaryPath, {QStringLiteral("--version")});
    connect(m_process.get(), &QProcess::finished, this, &NodeCheckWindow::onVersionDone);
    return true;
}

void NodeCheckWindow::onVersionDone(int exitCode, QProcess::ExitStatus status)
{
    const QString out = QString::fromUtf8(m_process->readAllStandardOutput()).trimmed();
    if (status != QProcess::NormalExit || exitCode != 0 || !out.startsWith(QLatin1Char('v'))) {
        finish(Outcome::Failed,
               tr("%1 --version: not a Node.js binary (it printed \"%2\")").arg(m_binaryPath, out));
        return;
    }
    m_version = out;
    if (!sameMajorVersion(m_scenario.node, m_version.toStdString())) {
        m_warning =
            tr("The scenario's profile is Node %1 but %2 is %3: the harness refuses a "
               "profile of another major version.")
                .arg(QString::fromLatin1(toString(m_scenario.node)), m_binaryPath, m_version);
    }
    m_file = std::make_unique<QTemporaryFile>(QDir::tempPath() +
                                              QStringLiteral("/bplab-scenario-XXXXXX.json"));
    const std::string json = serializeScenario(m_scenario);
    if (!m_file->open() ||
        m_file->write(json.data(), static_cast<qint64>(json.size())) !=
            static_cast<qint64>(json.size()) ||
        !m_file->flush()) {
        finish(Outcome::Failed, tr("cannot write a temporary file: %1").arg(m_file->errorString()));
        return;
    }
    m_verdict = tr("Running the scenario on Node %1...").arg(m_version);
    showResult();
    startProcess(m_binaryPath, {m_harness, m_file->fileName(), QStringLiteral("--node"),
                                QString::fromLatin1(toString(m_scenario.node))});
    connect(m_process.get(), &QProcess::finished, this, &NodeCheckWindow::onTraceDone);
}

void NodeCheckWindow::onTraceDone(int exitCode, QProcess::ExitStatus status)
{
    m_timeout.stop();
    const QByteArray out = m_process->readAllStandardOutput();
    const QString err = QString::fromUtf8(m_process->readAllStandardError()).trimmed();
    if (status != QProcess::NormalExit || exitCode != 0) {
        finish(Outcome::Failed, tr("the harness on %1 failed (exit %2): %3")
                                    .arg(m_binaryPath)
                                    .arg(status == QProcess::NormalExit ? exitCode : -1)
                                    .arg(err));
        return;
    }
    m_verdict = tr("Comparing with the simulation...");
    showResult();
    // The simulation and the comparison on a worker; the verdict comes back
    // queued, and is dropped if a newer check (or the window's end) came first.
    const std::uint64_t generation = m_generation;
    QPointer<NodeCheckWindow> self(this);
    joinWorker();
    m_worker = std::thread([this, self, generation, scenario = m_scenario, text = out.toStdString(),
                            version = m_version] {
        Verdict v;
        auto theirs = parseTraceJsonl(text);
        if (!theirs) {
            v.text = tr("Node's trace does not parse: %1").arg(q(theirs.error().message));
        } else {
            const NodeComparison c = compareWithNode(simulateTrace(scenario), std::move(*theirs));
            const QString cut = c.cutAtOom ? tr(" (the simulation stopped at its oom line; "
                                                "Node's trace is compared up to there)")
                                           : QString();
            if (!c.difference) {
                v.outcome = Outcome::Equal;
                v.text = tr("Equal, %1 lines, on Node %2%3").arg(c.ours.size()).arg(version, cut);
            } else {
                v.outcome = Outcome::Different;
                v.line = *c.difference + 1;
                v.text = tr("Different on Node %1: first difference at line %2 (the simulation "
                            "has %3 lines, Node %4)%5")
                             .arg(version)
                             .arg(*v.line)
                             .arg(c.ours.size())
                             .arg(c.theirs.size())
                             .arg(cut);
                v.ours = context(c.ours, *c.difference);
                v.theirs = context(c.theirs, *c.difference);
                const DifferenceExplained why = explainDifference(scenario, c);
                v.oursWhy = q(why.ours);
                v.theirsWhy = q(why.theirs);
            }
        }
        QMetaObject::invokeMethod(
            self.data(),
            [this, self, generation, v] {
                if (self && generation == m_generation && m_outcome == Outcome::Running) {
                    applyVerdict(v);
                }
            },
            Qt::QueuedConnection);
    });
}

void NodeCheckWindow::applyVerdict(const Verdict& verdict)
{
    m_line = verdict.line;
    m_oursContext = verdict.ours;
    m_theirsContext = verdict.theirs;
    m_oursWhy = verdict.oursWhy;
    m_theirsWhy = verdict.theirsWhy;
    finish(verdict.outcome, verdict.text);
}

void NodeCheckWindow::onTimeout()
{
    stopProcess();
    finish(Outcome::TimedOut,
           tr("%1 ran longer than %2 ms and was stopped").arg(m_binaryPath).arg(m_timeoutMs));
}

void NodeCheckWindow::cancel()
{
    if (!isRunning()) {
        return;
    }
    ++m_generation;
    stopProcess();
    finish(Outcome::Cancelled, tr("Cancelled"));
}

void NodeCheckWindow::finish(Outcome outcome, const QString& verdict)
{
    if (outcome != Outcome::Running) {
        stopProcess();
        m_file.reset();
    }
    m_outcome = outcome;
    m_verdict = verdict;
    showResult();
    if (outcome != Outcome::Running) {
        Q_EMIT checkFinished();
    }
}

void NodeCheckWindow::showResult()
{
    const bool running = m_outcome == Outcome::Running;
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_binary->setEnabled(!running);
    QString version =
        m_version.isEmpty() ? QString() : tr("%1 is Node %2").arg(m_binaryPath, m_version);
    if (!m_warning.isEmpty()) {
        version +=
            QStringLiteral("  <b style='color:#c62828'>%1</b>").arg(m_warning.toHtmlEscaped());
    }
    m_versionLabel->setText(version);
    m_verdictLabel->setText(m_verdict);
    QPalette p = m_verdictLabel->palette();
    p.setColor(QPalette::WindowText, m_outcome == Outcome::Equal ? QColor(46, 125, 50)
                                     : m_outcome == Outcome::Running
                                         ? palette().color(QPalette::WindowText)
                                         : QColor(198, 40, 40));
    m_verdictLabel->setPalette(p);
    m_ours->setPlainText(m_oursContext.join(QLatin1Char('\n')));
    m_theirs->setPlainText(m_theirsContext.join(QLatin1Char('\n')));
    // The differing line (the one marked '>') on a yellow band on both sides.
    for (QPlainTextEdit* edit : {m_ours, m_theirs}) {
        QList<QTextEdit::ExtraSelection> marks;
        for (QTextBlock block = edit->document()->begin(); block.isValid(); block = block.next()) {
            if (block.text().startsWith(QLatin1Char('>'))) {
                QTextEdit::ExtraSelection mark;
                mark.cursor = QTextCursor(block);
                mark.format.setBackground(QColor(255, 236, 153));
                mark.format.setProperty(QTextFormat::FullWidthSelection, true);
                marks << mark;
            }
        }
        edit->setExtraSelections(marks);
    }
    m_oursWhyLabel->setText(m_oursWhy.isEmpty() ? QString() : tr("Why: %1").arg(m_oursWhy));
    m_theirsWhyLabel->setText(m_theirsWhy.isEmpty() ? QString() : tr("Why: %1").arg(m_theirsWhy));
}

}  // namespace bplab::ui
