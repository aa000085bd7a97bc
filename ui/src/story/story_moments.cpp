#include "bplab_ui/story/story_moments.h"

#include "bplab_ui/format.h"

#include <QCoreApplication>

namespace bplab::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("StoryMoments", text);
}

QString idOf(const Scenario& scenario, int stage)
{
    if (stage < 0 || static_cast<std::size_t>(stage) >= scenario.stages.size()) {
        return tr("the process");
    }
    return QString::fromStdString(scenario.stages[static_cast<std::size_t>(stage)].id);
}

bool isMomentKind(EventKind kind)
{
    switch (kind) {
        case EventKind::Write:
        case EventKind::Pause:
        case EventKind::Resume:
        case EventKind::Drain:
        case EventKind::Error:
        case EventKind::End:
        case EventKind::Finish:
        case EventKind::Oom:
        case EventKind::Uncaught:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::optional<StoryMoment> storyMomentOf(const TraceEvent& event, std::size_t traceIndex,
                                         const Scenario& scenario)
{
    const QString me = idOf(scenario, event.stage);
    const QString before = idOf(scenario, event.stage - 1);
    const QString after = idOf(scenario, event.stage + 1);
    QString text;
    switch (event.kind) {
        case EventKind::Write: {
            if (event.ret || event.stage < 1) {
                return std::nullopt;
            }
            // The pair that wrote: the stage before this one and this one.
            const Wiring wiring = wiringOfPair(scenario, static_cast<std::size_t>(event.stage - 1));
            switch (wiring) {
                case Wiring::Naive:
                    text = tr("%1's buffer is full: write() returned false, and the naive loop "
                              "writes on anyway")
                               .arg(me);
                    break;
                case Wiring::ForAwait:
                    text = tr("%1's buffer is full: write() returned false, so the for await loop "
                              "awaits 'drain' before it reads %2 again")
                               .arg(me, before);
                    break;
                case Wiring::Pipe:
                case Wiring::Pipeline:
                    text = tr("%1's buffer is full: write() returned false, so %2 pauses %3")
                               .arg(me, wiring == Wiring::Pipe ? tr("pipe()") : tr("pipeline()"),
                                    before);
                    break;
            }
            break;
        }
        case EventKind::Pause:
            text = tr("%1 pauses: it stops reading until %2 drains").arg(me, after);
            break;
        case EventKind::Resume:
            text = tr("%1 resumes: data flows again").arg(me);
            break;
        case EventKind::Drain:
            text = tr("%1 drained: its buffer is below highWaterMark, so 'drain' fires").arg(me);
            break;
        case EventKind::Error:
            text = tr("%1 failed: %2")
                       .arg(me, QString::fromUtf8(event.message.data(),
                                                  static_cast<qsizetype>(event.message.size())));
            break;
        case EventKind::End:
            text = tr("%1 ended: no more data will come out").arg(me);
            break;
        case EventKind::Finish:
            text = tr("%1 finished: everything written has been handled").arg(me);
            break;
        case EventKind::Oom:
            text = tr("out of memory at %1: the process was killed")
                       .arg(formatBytes(static_cast<double>(event.bytes)));
            break;
        case EventKind::Uncaught:
            text = tr("an error nobody listened for: the process crashed");
            break;
        default:
            return std::nullopt;
    }
    return StoryMoment{traceIndex, event.t, event.stage, event.kind, text};
}

QString plainLine(const TraceEvent& event, const Scenario& scenario)
{
    if (auto moment = storyMomentOf(event, 0, scenario)) {
        return moment->text + QStringLiteral(" (") +
               QString::fromUtf8(toString(event.kind).data()) + QLatin1Char(')');
    }
    const QString me = idOf(scenario, event.stage);
    const QString bytes = formatBytes(static_cast<double>(event.bytes));
    const QString length = formatBytes(static_cast<double>(event.length));
    switch (event.kind) {
        case EventKind::Read:
            return tr("%1 is asked for more data (_read; buffered %2)").arg(me, length);
        case EventKind::Push:
            if (event.bytesNull) {
                return tr("%1 has no more data: push(null) signals the end").arg(me);
            }
            return tr("%1 puts %2 into its buffer (push returned %3; buffered %4)")
                .arg(me, bytes, event.ret ? tr("true") : tr("false"), length);
        case EventKind::Write:
            return tr("%1 accepts %2: write() returned true (buffered %3)").arg(me, bytes, length);
        case EventKind::Process:
            return tr("%1 starts working on %2 (_write/_transform; buffered %3)")
                .arg(me, bytes, length);
        case EventKind::Done:
            return tr("%1 is done with %2 (callback; buffered %3)").arg(me, bytes, length);
        case EventKind::Data:
            return tr("%1 hands %2 on ('data')").arg(me, bytes);
        case EventKind::Close:
            return tr("%1 is closed ('close')").arg(me);
        case EventKind::Pipe:
            return tr("%1 is piped in ('pipe')").arg(me);
        case EventKind::Unpipe:
            return tr("%1 is unpiped ('unpipe')").arg(me);
        case EventKind::Pipeline:
            return tr("pipeline()'s callback runs");
        case EventKind::Idle:
            return tr("nothing is left to do: the run is complete (idle)");
        case EventKind::Until:
            return tr("the run stops at until_ms (until)");
        default:
            break;
    }
    return me + QStringLiteral(": ") + QString::fromUtf8(toString(event.kind).data());
}

std::optional<StoryMoment> latestStoryMoment(const TraceStore& trace, std::size_t from,
                                             std::size_t to, const Scenario& scenario)
{
    to = std::min(to, trace.size());
    for (std::size_t i = to; i > from; --i) {
        if (!isMomentKind(trace.kindAt(i - 1))) {
            continue;
        }
        const TraceEvent event = trace.at(i - 1);
        if (auto moment = storyMomentOf(event, i - 1, scenario)) {
            return moment;
        }
    }
    return std::nullopt;
}

}  // namespace bplab::ui
