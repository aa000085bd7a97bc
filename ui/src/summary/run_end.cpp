#include "bplab_ui/summary/run_end.h"

#include "bplab_ui/format.h"
#include "bplab_ui/run/run.h"

#include <QCoreApplication>
#include <QStatusBar>

#include <algorithm>

namespace bplab::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RunEnd", text);
}

// The cursor's last line (from the recent lines the run keeps), when it is
// of `kind`.
const TraceEvent* lastLineOf(const Run& run, EventKind kind, TraceEvent& out)
{
    const TraceStore& recent = run.recentTrace();
    const std::size_t count = std::min(run.recentVisibleCount(), recent.size());
    if (count == 0 || recent.kindAt(count - 1) != kind) {
        return nullptr;
    }
    out = recent.at(count - 1);
    return &out;
}

QString stageName(const Run& c, std::int32_t stage)
{
    const auto& stages = c.scenario().stages;
    if (stage < 0 || static_cast<std::size_t>(stage) >= stages.size()) {
        return tr("the pipeline");
    }
    return QString::fromStdString(stages[static_cast<std::size_t>(stage)].id);
}

}  // namespace

QString describeRunEnd(const Run& c)
{
    if (!c.hasRun() || !c.atEnd()) {
        return {};
    }
    if (!c.stopReason().empty()) {
        return tr("Run stopped: %1").arg(QString::fromStdString(c.stopReason()));
    }
    const double seconds = static_cast<double>(c.headTime()) / 1000.0;
    TraceEvent line;
    switch (c.outcome()) {
        case Outcome::Idle:
            return tr("Run complete at %1 s: every chunk delivered, the queue emptied (idle)")
                .arg(seconds, 0, 'f', 3);
        case Outcome::Until:
            return tr("Run stopped at until_ms %1 ms (until)")
                .arg(c.scenario().untilMs.value_or(0));
        case Outcome::Uncaught:
            if (const TraceEvent* e = lastLineOf(c, EventKind::Uncaught, line)) {
                return tr("Crashed at %1 s: uncaught error in %2: %3 (uncaught)")
                    .arg(static_cast<double>(e->t) / 1000.0, 0, 'f', 3)
                    .arg(stageName(c, e->stage),
                         QString::fromUtf8(e->message.data(),
                                           static_cast<qsizetype>(e->message.size())));
            }
            return tr("Crashed at %1 s: an uncaught error (uncaught)").arg(seconds, 0, 'f', 3);
        case Outcome::Oom:
            if (const TraceEvent* e = lastLineOf(c, EventKind::Oom, line)) {
                return tr("Out of memory at %1 s: the process held %2, past memory_limit_mb %3 "
                          "(oom)")
                    .arg(static_cast<double>(e->t) / 1000.0, 0, 'f', 3)
                    .arg(formatBytes(static_cast<double>(e->bytes)))
                    .arg(c.scenario().memoryLimitMb.value_or(0));
            }
            return tr("Out of memory at %1 s (oom)").arg(seconds, 0, 'f', 3);
        case Outcome::Running:
            break;
    }
    return {};
}

RunEndStatus::RunEndStatus(Run* run, QStatusBar* statusBar, QObject* parent)
    : QObject(parent), m_run(run), m_statusBar(statusBar)
{
    connect(run, &Run::cursorMoved, this, &RunEndStatus::update);
    connect(run, &Run::loaded, this, &RunEndStatus::update);
    connect(run, &Run::ended, this, &RunEndStatus::update);
}

void RunEndStatus::update()
{
    const QString ending = describeRunEnd(*m_run);
    if (ending == m_shown) {
        return;
    }
    if (!ending.isEmpty()) {
        m_statusBar->showMessage(ending);
    } else if (m_statusBar->currentMessage() == m_shown) {
        m_statusBar->clearMessage();
    }
    m_shown = ending;
}

}  // namespace bplab::ui
