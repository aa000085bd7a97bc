#include "bplab_ui/explain/explanation_panel.h"

#include <QFont>
#include <QLabel>
#include <QVBoxLayout>

#include <chrono>

#include "bplab_ui/event_log/event_log_model.h"

namespace bplab::ui {

namespace {

constexpr std::size_t kCacheSize = 8;

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QString count(std::int64_t value)
{
    return q(formatCount(value));
}

// One line of state per stage, in the words of Node's fields.
QString stateLine(const Stage& stage, const StageSnapshot& s)
{
    QStringList parts;
    if (s.readable.present) {
        QString r = QStringLiteral("readable %1 / %2 %3")
                        .arg(count(s.readable.length), count(s.readable.highWaterMark),
                             s.readable.objectMode ? QStringLiteral("obj") : QStringLiteral("B"));
        if (s.readable.flowing == 1) {
            r += QStringLiteral(", flowing");
        } else if (s.readable.flowing == 0) {
            r += QStringLiteral(", <b>paused</b>");
        }
        if (s.readable.ended) {
            r += s.readable.endEmitted ? QStringLiteral(", 'end' emitted")
                                       : QStringLiteral(", ended");
        }
        if (s.readable.awaitDrainWriters > 0) {
            r += QStringLiteral(", awaiting drain");
        }
        parts << r;
    }
    if (s.writable.present) {
        QString w = QStringLiteral("writable %1 / %2 %3")
                        .arg(count(s.writable.length), count(s.writable.highWaterMark),
                             s.writable.objectMode ? QStringLiteral("obj") : QStringLiteral("B"));
        if (s.writable.needDrain) {
            w += QStringLiteral(", <b>needDrain</b>");
        }
        if (s.writable.writing) {
            w += QStringLiteral(", writing");
        }
        if (s.writable.bufferedCount > 0) {
            w += QStringLiteral(", %1 buffered").arg(count(s.writable.bufferedCount));
        }
        if (s.writable.finished) {
            w += QStringLiteral(", finished");
        }
        parts << w;
    }
    if (s.callbackHeld) {
        parts << QStringLiteral("callback held");
    }
    const bool destroyed = s.readable.destroyed || s.writable.destroyed;
    const bool closed = s.readable.closed || s.writable.closed;
    if (closed) {
        parts << QStringLiteral("closed");
    } else if (destroyed) {
        parts << QStringLiteral("destroyed");
    }
    return QStringLiteral("<b>'%1'</b>: %2")
        .arg(q(stage.id).toHtmlEscaped(), parts.join(QStringLiteral("; ")));
}

bool sameLine(const TraceEvent& a, const TraceEvent& b)
{
    return a.t == b.t && a.stage == b.stage && a.kind == b.kind && a.bytes == b.bytes &&
           a.length == b.length && a.ret == b.ret && a.bytesNull == b.bytesNull;
}

}  // namespace

ExplanationPanel::ExplanationPanel(QWidget* parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_fields = new QLabel(this);
    QFont mono = QFont(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_fields->setFont(mono);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_why = new QLabel(this);
    m_why->setWordWrap(true);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_why->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_why->setFont(big);
    m_why->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_why->setMinimumHeight(m_why->fontMetrics().height() * 3);
    m_state = new QLabel(this);
    m_state->setTextFormat(Qt::RichText);
    m_state->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_why, 1);
    layout->addWidget(m_state);

    m_poll.setInterval(15);
    connect(&m_poll, &QTimer::timeout, this, &ExplanationPanel::poll);
    clear();
}

ExplanationPanel::~ExplanationPanel()
{
    if (m_job.valid()) {
        m_job.wait();
    }
}

void ExplanationPanel::setRun(const Scenario& scenarioAtStart, const SimulationOptions& options)
{
    m_scenario = scenarioAtStart;
    m_options = options;
    m_edits.clear();
    m_cache.clear();
    m_stepExplainer.reset();
    m_stepObserved = 0;
    ++m_generation;
    m_wanted = -1;
    clear();
}

void ExplanationPanel::addTimingEdit(const TimingEditAt& edit)
{
    m_edits.push_back(edit);
    // Results of lines after the edit were computed without it.
    m_cache.remove_if([&](const auto& entry) {
        return static_cast<std::size_t>(entry.first) >= edit.afterLines;
    });
}

void ExplanationPanel::setTrace(const TraceStore* store)
{
    m_store = store;
    m_stepExplainer.reset();
    m_stepObserved = 0;
}

void ExplanationPanel::clear()
{
    m_index = -1;
    m_wanted = -1;
    m_title->setText(tr("<b>Why did this happen?</b>"));
    m_fields->clear();
    m_why->setText(
        tr("Select a line in the event log or a mark on a chart to see why it happened."));
    m_state->clear();
}

QString ExplanationPanel::whyText() const
{
    return m_index >= 0 && !busy() ? m_why->text() : QString();
}

void ExplanationPanel::showTraceIndex(qint64 traceIndex)
{
    if (traceIndex < 0 || m_scenario.stages.empty()) {
        clear();
        return;
    }
    m_index = traceIndex;
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (it->first == traceIndex) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            const ReplayedEvent& r = m_cache.front().second;
            present(traceIndex, r.event, r.message, r.why, r.stages);
            return;
        }
    }
    if (m_job.valid()) {
        m_wanted = traceIndex;  // latest wins; started when the running one ends
        m_title->setText(tr("<b>Line %1</b>: replaying…").arg(count(traceIndex)));
        return;
    }
    startReplay(traceIndex);
}

void ExplanationPanel::showKnownState(qint64 traceIndex, const TraceEvent& event,
                                      const std::vector<StageSnapshot>& stages)
{
    const auto index = static_cast<std::size_t>(traceIndex);
    // Stepping goes forward one line at a time: keep the context of the lines
    // seen so far and feed it only the new ones.
    if (!m_stepExplainer || index < m_stepObserved) {
        m_stepExplainer = std::make_unique<Explainer>(m_scenario, m_options.profile);
        m_stepObserved = 0;
    }
    if (m_store != nullptr) {
        const std::size_t end = std::min(index, m_store->size());
        for (; m_stepObserved < end; ++m_stepObserved) {
            m_stepExplainer->observe(m_store->at(m_stepObserved));
        }
    }
    m_index = traceIndex;
    const std::string why = m_stepExplainer->explain(event, stages);
    m_stepObserved = index + 1;
    present(traceIndex, event, std::string(event.message), why, stages);
}

void ExplanationPanel::startReplay(qint64 traceIndex)
{
    m_jobInfo = Job{traceIndex, m_generation};
    m_wanted = -1;
    m_title->setText(tr("<b>Line %1</b>: replaying…").arg(count(traceIndex)));
    m_why->clear();
    m_job = std::async(std::launch::async, [scenario = m_scenario, options = m_options,
                                            edits = m_edits, traceIndex] {
        return replayToEvent(scenario, options, static_cast<std::size_t>(traceIndex), edits);
    });
    m_poll.start();
}

void ExplanationPanel::poll()
{
    if (!m_job.valid() || m_job.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return;
    }
    m_poll.stop();
    std::optional<ReplayedEvent> result = m_job.get();
    const Job job = m_jobInfo;
    if (job.generation == m_generation && result) {
        m_cache.emplace_front(job.index, std::move(*result));
        if (m_cache.size() > kCacheSize) {
            m_cache.pop_back();
        }
    }
    if (m_wanted >= 0 && m_wanted != job.index) {
        const qint64 next = m_wanted;
        showTraceIndex(next);
        return;
    }
    if (job.generation != m_generation || job.index != m_index) {
        return;
    }
    if (m_cache.empty() || m_cache.front().first != job.index) {
        presentMessage(
            tr("<b>Line %1</b>").arg(count(job.index)),
            tr("The replay of this scenario ended before line %1.").arg(count(job.index)));
        return;
    }
    const ReplayedEvent& r = m_cache.front().second;
    if (m_store != nullptr && static_cast<std::size_t>(job.index) < m_store->size() &&
        !sameLine(m_store->at(static_cast<std::size_t>(job.index)), r.event)) {
        presentMessage(
            tr("<b>Line %1</b>").arg(count(job.index)),
            tr("The replay does not reproduce this line (was the run edited while it went on?). "
               "Restart the run to explain it."));
        return;
    }
    present(job.index, r.event, r.message, r.why, r.stages);
}

void ExplanationPanel::present(qint64 traceIndex, const TraceEvent& event,
                               const std::string& message, const std::string& why,
                               const std::vector<StageSnapshot>& stages)
{
    const QString stage = event.stage == kAllStages ||
                                  static_cast<std::size_t>(event.stage) >= m_scenario.stages.size()
                              ? tr("the whole process")
                              : QStringLiteral("'%1'").arg(
                                    q(m_scenario.stages[static_cast<std::size_t>(event.stage)].id));
    m_title->setText(tr("<b>%1</b> on %2 at t = %3 ms <span style='color:gray'>(line %4)</span>")
                         .arg(QString::fromLatin1(toString(event.kind)), stage.toHtmlEscaped(),
                              count(event.t), count(traceIndex)));
    std::string fields;
    EventLogModel::appendFields(fields, event);
    QString fieldText = q(fields);
    if (fieldsOf(event.kind).message && !event.messageNull) {
        fieldText += (event.kind == EventKind::Pipeline ? QString() : QStringLiteral("message=")) +
                     q(message);
    }
    m_fields->setText(fieldText);
    m_why->setText(q(why));
    QStringList lines;
    for (std::size_t i = 0; i < stages.size() && i < m_scenario.stages.size(); ++i) {
        lines << stateLine(m_scenario.stages[i], stages[i]);
    }
    m_state->setText(lines.join(QStringLiteral("<br>")));
    Q_EMIT stateAtLine(traceIndex, stages);
    Q_EMIT explained(traceIndex);
}

void ExplanationPanel::presentMessage(const QString& title, const QString& text)
{
    m_title->setText(title);
    m_fields->clear();
    m_why->setText(text);
    m_state->clear();
}

}  // namespace bplab::ui
