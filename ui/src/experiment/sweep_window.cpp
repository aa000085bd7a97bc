#include "bplab_ui/experiment/sweep_window.h"

#include "bplab_ui/experiment/sweep_plot.h"

#include "bplab_core/output.h"
#include "bplab_core/run_summary.h"

#include <QBuffer>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace bplab::ui {

namespace {

constexpr int kPollMs = 50;

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

// A value as a person reads it: strings without their JSON quotes.
QString valueLabel(const std::string& json)
{
    if (json.size() >= 2 && json.front() == '"') {
        return q(json.substr(1, json.size() - 2));
    }
    return q(json);
}

std::optional<double> numericValue(const std::string& json)
{
    bool ok = false;
    const double v = QString::fromStdString(json).toDouble(&ok);
    return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

QString bytesText(double v)
{
    return q(formatSummaryBytes(v));
}

QString countText(double v)
{
    return QLocale::system().toString(static_cast<qlonglong>(std::llround(v)));
}

// The value at a path (stages[2].highWaterMark) of a scenario's JSON, or undefined.
QJsonValue valueAt(const QJsonObject& root, const QString& path)
{
    static const QRegularExpression step(QStringLiteral(R"(([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\])"));
    QJsonValue at = root;
    auto it = step.globalMatch(path);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!m.captured(1).isEmpty()) {
            at = at.toObject().value(m.captured(1));
        } else {
            at = at.toArray().at(m.captured(2).toInt());
        }
    }
    return at;
}

}  // namespace

SweepWindow::SweepWindow(const Scenario& base, QWidget* parent) : QDialog(parent), m_base(base)
{
    setWindowTitle(tr("Sweep"));
    setObjectName(QStringLiteral("sweepWindow"));
    setModal(false);
    auto* column = new QVBoxLayout(this);

    auto* form = new QFormLayout;
    for (int i = 0; i < 2; ++i) {
        auto* row = new QHBoxLayout;
        m_path[i] = new QComboBox(this);
        m_path[i]->setEditable(true);
        m_path[i]->setMinimumContentsLength(26);
        m_path[i]->setToolTip(tr("The JSON path of the parameter, as error messages name it"));
        m_list[i] = new QLineEdit(this);
        m_list[i]->setPlaceholderText(i == 0 ? tr("values: a,b,c  a..b  a..b:step  a..b*2")
                                             : tr("(optional) a second parameter"));
        m_list[i]->setToolTip(
            tr("a,b,c (a list), a..b (integers), a..b:step, a..b*k (a, a*k, "
               "a*k*k, ... up to b)"));
        row->addWidget(m_path[i], 2);
        row->addWidget(m_list[i], 3);
        form->addRow(i == 0 ? tr("Parameter") : tr("and"), row);
        connect(m_path[i], &QComboBox::textActivated, this, [this, i](const QString& path) {
            if (m_list[i]->text().isEmpty()) {
                m_list[i]->setText(suggestedList(path));
            }
        });
    }
    auto* runRow = new QHBoxLayout;
    m_jobs = new QSpinBox(this);
    m_jobs->setRange(1, 256);
    m_jobs->setValue(static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
    m_jobs->setToolTip(tr("Runs at once (threads); the results are the same whatever the number"));
    m_run = new QPushButton(tr("Run"), this);
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    runRow->addWidget(new QLabel(tr("Threads"), this));
    runRow->addWidget(m_jobs);
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_progress, 1);
    form->addRow(QString(), runRow);
    column->addLayout(form);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    column->addWidget(m_status);

    auto* viewRow = new QHBoxLayout;
    m_view = new QComboBox(this);
    m_view->addItem(tr("Metric per value"), static_cast<int>(View::Chart));
    m_view->addItem(tr("Throughput against peak memory"), static_cast<int>(View::Scatter));
    m_metric = new QComboBox(this);
    m_metric->addItem(tr("Throughput (per virtual second)"), static_cast<int>(Metric::Throughput));
    m_metric->addItem(tr("Peak memory"), static_cast<int>(Metric::PeakMemory));
    m_metric->addItem(tr("Pauses"), static_cast<int>(Metric::Pauses));
    m_metric->addItem(tr("Drains"), static_cast<int>(Metric::Drains));
    m_metric->addItem(tr("Duration (virtual)"), static_cast<int>(Metric::Duration));
    m_metric->addItem(tr("Trace lines"), static_cast<int>(Metric::Events));
    viewRow->addWidget(new QLabel(tr("Show"), this));
    viewRow->addWidget(m_view);
    viewRow->addWidget(m_metric);
    viewRow->addStretch(1);
    m_exportCsv = new QPushButton(tr("Export CSV..."), this);
    m_exportPng = new QPushButton(tr("Export PNG..."), this);
    viewRow->addWidget(m_exportCsv);
    viewRow->addWidget(m_exportPng);
    column->addLayout(viewRow);
    m_plot = new SweepPlot(this);
    m_plot->setToolTip(tr("Click a point or a cell to open that variant"));
    column->addWidget(m_plot, 1);

    connect(m_run, &QPushButton::clicked, this, [this] {
        if (!start()) {
            m_status->setText(m_error);
        }
    });
    connect(m_cancel, &QPushButton::clicked, this, &SweepWindow::cancel);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &SweepWindow::refreshPlot);
    connect(m_view, &QComboBox::currentIndexChanged, this, [this] {
        m_metric->setEnabled(view() == View::Chart);
        refreshPlot();
    });
    connect(m_plot, &SweepPlot::runClicked, this, &SweepWindow::pick);
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the sweep as CSV"), QStringLiteral("sweep.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty() && !exportCsv(path)) {
            QMessageBox::warning(this, tr("Cannot export"), m_error);
        }
    });
    connect(m_exportPng, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the chart as PNG"), QStringLiteral("sweep.png"), tr("PNG (*.png)"));
        if (!path.isEmpty() && !exportPng(path)) {
            QMessageBox::warning(this, tr("Cannot export"), m_error);
        }
    });
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &SweepWindow::collect);

    setBaseScenario(base);
    resize(900, 640);
    updateButtons();
}

SweepWindow::~SweepWindow()
{
    m_stop.store(true);
    joinWorker();
    // ~QWidget deletes the children after this object is no longer a
    // SweepWindow; a child that loses focus then (an editable combo box's
    // editingFinished becomes textActivated) must not reach our members.
    for (QObject* child : findChildren<QObject*>()) {
        QObject::disconnect(child, nullptr, this, nullptr);
    }
}

void SweepWindow::joinWorker()
{
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

void SweepWindow::setBaseScenario(const Scenario& base)
{
    if (m_running) {
        return;
    }
    m_base = base;
    for (QComboBox* path : m_path) {
        const QString text = path->currentText();
        path->clear();
        path->addItems(sweepablePaths());
        path->setCurrentText(text);
    }
    m_status->setText(tr("Variants of \"%1\". Pick one or two parameters and their values; "
                         "right-click a field of the stage inspector for \"Sweep this...\".")
                          .arg(q(m_base.name)));
}

QStringList SweepWindow::sweepablePaths() const
{
    QStringList paths{QStringLiteral("wiring"), QStringLiteral("seed")};
    const QJsonObject root =
        QJsonDocument::fromJson(QByteArray::fromStdString(serializeScenario(m_base))).object();
    const QJsonArray stages = root.value(QStringLiteral("stages")).toArray();
    for (qsizetype i = 0; i < stages.size(); ++i) {
        const QJsonObject stage = stages.at(i).toObject();
        const QString prefix = QStringLiteral("stages[%1].").arg(i);
        if (!stage.contains(QStringLiteral("highWaterMark"))) {
            paths << prefix + QStringLiteral("highWaterMark");
        }
        for (auto it = stage.begin(); it != stage.end(); ++it) {
            if (it.value().isDouble() || it.value().isBool()) {
                paths << prefix + it.key();
            } else if (it.value().isObject()) {
                const QJsonObject sides = it.value().toObject();
                for (auto side = sides.begin(); side != sides.end(); ++side) {
                    if (side.value().isDouble() || side.value().isBool()) {
                        paths << prefix + it.key() + QLatin1Char('.') + side.key();
                    }
                }
            }
        }
    }
    return paths;
}

QString SweepWindow::suggestedList(const QString& path) const
{
    if (path == QLatin1String("wiring")) {
        return QStringLiteral("pipe,pipeline,naive");
    }
    if (path == QLatin1String("seed")) {
        return QStringLiteral("1..10");
    }
    const QJsonObject root =
        QJsonDocument::fromJson(QByteArray::fromStdString(serializeScenario(m_base))).object();
    const QJsonValue value = valueAt(root, path);
    if (value.isBool()) {
        return QStringLiteral("false,true");
    }
    if (path.endsWith(QLatin1String("jitter")) || path.endsWith(QLatin1String("ratio"))) {
        return QStringLiteral("0,0.25,0.5,0.75,1");
    }
    const bool isHwm = path.contains(QLatin1String("highWaterMark"));
    double v = value.isDouble() ? value.toDouble() : (isHwm ? 16384.0 : 0.0);
    if (v >= 1.0 && v == std::floor(v)) {
        // Eight times either side of the value, doubling.
        const auto low = static_cast<qlonglong>(std::max(1.0, std::floor(v / 8.0)));
        return QStringLiteral("%1..%2*2").arg(low).arg(static_cast<qlonglong>(v * 8.0));
    }
    return QStringLiteral("0..10");
}

void SweepWindow::setParameter(int which, const QString& path, const QString& list)
{
    m_path[which]->setCurrentText(path);
    m_list[which]->setText(list);
}

void SweepWindow::prefillParameter(const QString& path)
{
    int which = 0;
    const QString first = m_path[0]->currentText().trimmed();
    if (!first.isEmpty() && first != path) {
        which = 1;
    }
    if (m_path[which]->currentText().trimmed() != path || m_list[which]->text().isEmpty()) {
        setParameter(which, path, suggestedList(path));
    }
    m_list[which]->setFocus();
}

QString SweepWindow::parameterPath(int which) const
{
    return m_path[which]->currentText().trimmed();
}

QString SweepWindow::parameterList(int which) const
{
    return m_list[which]->text().trimmed();
}

void SweepWindow::setJobs(int jobs)
{
    m_jobs->setValue(jobs);
}

bool SweepWindow::start()
{
    if (m_running) {
        return false;
    }
    std::vector<SweepAxis> axes;
    for (int i = 0; i < 2; ++i) {
        const QString path = parameterPath(i);
        const QString list = parameterList(i);
        if (path.isEmpty() && list.isEmpty() && i == 1) {
            continue;
        }
        auto axis = parseSweepAxis((path + QLatin1Char('=') + list).toStdString());
        if (!axis) {
            m_error = q(axis.error().message).replace(QStringLiteral("--vary "), QString());
            return false;
        }
        axes.push_back(std::move(axis).value());
    }
    const auto runs = sweepRunCount(axes);
    if (!runs) {
        m_error = q(runs.error().message);
        return false;
    }
    m_error.clear();
    m_axes = std::move(axes);
    m_baseJson = serializeScenario(m_base);
    m_rows.assign(*runs, std::nullopt);
    m_done = 0;
    m_stop.store(false);
    m_workerDone.store(false);
    m_cancelled = false;
    m_running = true;
    m_progress->setRange(0, static_cast<int>(std::min<std::size_t>(*runs, 1u << 30)));
    m_progress->setValue(0);
    const unsigned jobs = static_cast<unsigned>(m_jobs->value());
    // The worker reads only what it is given here; rows go to the mailbox.
    m_worker = std::thread([this, json = m_baseJson, axes = m_axes, jobs] {
        runSweep(json, axes, jobs, m_stop, [this](std::size_t index, SweepRow row) {
            {
                const std::lock_guard<std::mutex> lock(m_mailboxMutex);
                m_mailbox.emplace_back(index, std::move(row));
            }
            if (m_rowHook) {
                m_rowHook(index);
            }
        });
        m_workerDone.store(true);
    });
    m_poll.start();
    updateButtons();
    refreshPlot();
    return true;
}

void SweepWindow::cancel()
{
    if (m_running) {
        m_cancelled = true;
        m_stop.store(true);
    }
}

void SweepWindow::collect()
{
    const bool workerDone = m_workerDone.load();  // read before the mailbox: nothing comes after
    std::vector<std::pair<std::size_t, SweepRow>> arrived;
    {
        const std::lock_guard<std::mutex> lock(m_mailboxMutex);
        arrived.swap(m_mailbox);
    }
    for (auto& [index, row] : arrived) {
        m_rows[index] = std::move(row);
        ++m_done;
    }
    m_progress->setValue(static_cast<int>(std::min<std::size_t>(m_done, 1u << 30)));
    if (!arrived.empty()) {
        refreshPlot();
        Q_EMIT rowsArrived();
    }
    if (workerDone) {
        m_poll.stop();
        joinWorker();
        m_running = false;
        updateButtons();
    }
    m_status->setText(statusText());
    if (workerDone) {
        Q_EMIT sweepFinished();
    }
}

QString SweepWindow::statusText() const
{
    if (!m_error.isEmpty()) {
        return m_error;
    }
    std::size_t failed = 0;
    for (const auto& row : m_rows) {
        failed += (row && row->error) ? 1U : 0U;
    }
    QString text = tr("%1 of %2 runs").arg(m_done).arg(m_rows.size());
    if (m_running) {
        text += m_cancelled ? tr(", stopping after the runs under way") : tr(", running");
    } else if (m_cancelled) {
        text += tr(", cancelled: the rows done are kept");
    }
    if (failed > 0) {
        text += tr("; %n variant(s) did not validate (their error is in the CSV)", nullptr,
                   static_cast<int>(failed));
    }
    if (m_done > 0) {
        text += tr(". Click a point or a cell to open that variant.");
    }
    return text;
}

void SweepWindow::updateButtons()
{
    m_run->setEnabled(!m_running);
    m_cancel->setEnabled(m_running);
    m_jobs->setEnabled(!m_running);
    for (int i = 0; i < 2; ++i) {
        m_path[i]->setEnabled(!m_running);
        m_list[i]->setEnabled(!m_running);
    }
    m_exportCsv->setEnabled(m_done > 0);
    m_exportPng->setEnabled(m_done > 0);
}

double SweepWindow::metricValue(const SweepRow& row, Metric metric)
{
    const RunSummary& s = row.summary;
    switch (metric) {
        case Metric::Throughput:
            return s.throughputPerSecond();
        case Metric::PeakMemory:
            return static_cast<double>(s.peakMemoryBytes);
        case Metric::Pauses:
            return static_cast<double>(s.pauses);
        case Metric::Drains:
            return static_cast<double>(s.drains);
        case Metric::Duration:
            return static_cast<double>(s.durationMs);
        case Metric::Events:
            return static_cast<double>(s.events);
    }
    return 0.0;
}

void SweepWindow::setShownMetric(Metric metric)
{
    m_metric->setCurrentIndex(m_metric->findData(static_cast<int>(metric)));
}

SweepWindow::Metric SweepWindow::shownMetric() const
{
    return static_cast<Metric>(m_metric->currentData().toInt());
}

void SweepWindow::setView(View view)
{
    m_view->setCurrentIndex(m_view->findData(static_cast<int>(view)));
}

SweepWindow::View SweepWindow::view() const
{
    return static_cast<View>(m_view->currentData().toInt());
}

void SweepWindow::refreshPlot()
{
    updateButtons();
    SweepPlotData plot;
    if (m_axes.empty()) {
        m_plot->setData(std::move(plot));
        return;
    }
    const bool objects = !m_base.stages.empty() && m_base.stages.back().objectMode.writable;
    const auto throughputText = [objects](double v) {
        return objects ? QStringLiteral("%1/s").arg(v, 0, 'f', 1)
                       : bytesText(v) + QStringLiteral("/s");
    };
    const Metric shown = shownMetric();
    std::function<QString(double)> metricText = countText;
    if (shown == Metric::Throughput) {
        metricText = throughputText;
    } else if (shown == Metric::PeakMemory) {
        metricText = bytesText;
    } else if (shown == Metric::Duration) {
        metricText = [](double v) { return countText(v) + QStringLiteral(" ms"); };
    }
    const QString metricName = m_metric->currentText();

    if (view() == View::Scatter) {
        plot.kind = SweepPlotData::Kind::Scatter;
        plot.title =
            tr("Throughput against peak memory, one point per run (dashed: the best "
               "trade-offs)");
        plot.xTitle = tr("peak memory");
        plot.yTitle = tr("throughput");
        plot.formatX = bytesText;
        plot.formatY = throughputText;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i] && !m_rows[i]->error) {
                plot.points.push_back({static_cast<int>(i),
                                       metricValue(*m_rows[i], Metric::PeakMemory),
                                       metricValue(*m_rows[i], Metric::Throughput)});
            }
        }
    } else if (m_axes.size() == 1) {
        const SweepAxis& axis = m_axes[0];
        plot.kind = SweepPlotData::Kind::Line;
        plot.title = tr("%1 per value of %2").arg(metricName, q(axis.path));
        plot.xTitle = q(axis.path) + (axis.geometric ? tr(" (log scale)") : QString());
        plot.yTitle = metricName;
        plot.formatY = metricText;
        bool numeric = true;
        for (const std::string& v : axis.values) {
            numeric = numeric && numericValue(v).has_value();
        }
        if (!numeric) {
            for (const std::string& v : axis.values) {
                plot.xCategories << valueLabel(v);
            }
        }
        plot.logX = numeric && axis.geometric;
        const bool bytesAxis = axis.path.find("highWaterMark") != std::string::npos ||
                               axis.path.find("bytes") != std::string::npos;
        plot.formatX = bytesAxis ? std::function<QString(double)>(bytesText)
                                 : [](double v) { return QString::number(v, 'g', 8); };
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i] && !m_rows[i]->error) {
                const double x = numeric ? *numericValue(axis.values[i]) : static_cast<double>(i);
                plot.points.push_back({static_cast<int>(i), x, metricValue(*m_rows[i], shown)});
            }
        }
    } else {
        plot.kind = SweepPlotData::Kind::HeatMap;
        plot.title = tr("%1 for each pair of values").arg(metricName);
        plot.yTitle = q(m_axes[0].path);
        plot.xTitle = q(m_axes[1].path);
        plot.formatY = metricText;
        for (const std::string& v : m_axes[0].values) {
            plot.rowLabels << valueLabel(v);
        }
        for (const std::string& v : m_axes[1].values) {
            plot.columnLabels << valueLabel(v);
        }
        plot.cells.resize(m_rows.size());
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i] && !m_rows[i]->error) {
                plot.cells[i] = metricValue(*m_rows[i], shown);
            }
        }
    }
    m_plot->setData(std::move(plot));
}

std::string SweepWindow::csv() const
{
    if (m_axes.empty()) {
        return {};
    }
    std::string text = sweepCsvHeader(m_base, m_axes);
    for (const auto& row : m_rows) {
        if (row) {
            text += sweepCsvRow(*row, m_base.stages.size());
        }
    }
    return text;
}

bool SweepWindow::exportCsv(const QString& path)
{
    const Status written = writeFileAtomically(path.toStdString(), csv());
    if (!written) {
        m_error = q(written.error().message);
        return false;
    }
    return true;
}

bool SweepWindow::exportPng(const QString& path)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!m_plot->grab().save(&buffer, "PNG")) {
        m_error = tr("%1: cannot encode the picture").arg(path);
        return false;
    }
    const Status written = writeFileAtomically(
        path.toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!written) {
        m_error = q(written.error().message);
        return false;
    }
    return true;
}

Result<Scenario> SweepWindow::variant(int run) const
{
    if (run < 0 || static_cast<std::size_t>(run) >= m_rows.size()) {
        return Error{"no such run"};
    }
    const std::vector<std::string> values = sweepValues(m_axes, static_cast<std::size_t>(run));
    auto text = withValues(m_baseJson, m_axes, values);
    if (!text) {
        return text.error();
    }
    return parseScenario(*text);
}

QString SweepWindow::describeVariant(int run) const
{
    QStringList parts;
    const std::vector<std::string> values = sweepValues(m_axes, static_cast<std::size_t>(run));
    for (std::size_t a = 0; a < m_axes.size(); ++a) {
        parts << QStringLiteral("%1 = %2").arg(q(m_axes[a].path), valueLabel(values[a]));
    }
    return parts.join(QStringLiteral(", "));
}

void SweepWindow::pick(int run)
{
    auto scenario = variant(run);
    if (!scenario) {
        m_status->setText(tr("%1: %2").arg(describeVariant(run), q(scenario.error().message)));
        return;
    }
    Q_EMIT variantChosen(*scenario, describeVariant(run));
}

}  // namespace bplab::ui
