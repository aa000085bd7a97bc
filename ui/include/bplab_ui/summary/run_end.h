#pragma once

#include <QObject>
#include <QString>

class QStatusBar;

namespace bplab::ui {

class Run;

// Why the run shown has ended, in one line of plain words that carries the
// core's own message: the queue emptied, until_ms came, an uncaught error
// (its stage and message), out of memory (what the process held against
// memory_limit_mb), or a bound that stopped the run (the simulator's memory
// budget, a clock standing still, the bound on trace lines, a clock past
// 2^53-1). Empty unless the cursor is at the end of an ended run.
QString describeRunEnd(const Run& run);

// Puts describeRunEnd() on a status bar when a run ends (until the next
// message replaces it) and takes it down when the cursor leaves the end or a
// new run is loaded. GUI thread; the run and the status bar must outlive it.
class RunEndStatus final : public QObject {
    Q_OBJECT
public:
    RunEndStatus(Run* run, QStatusBar* statusBar, QObject* parent = nullptr);

private:
    void update();

    Run* m_run;
    QStatusBar* m_statusBar;
    QString m_shown;
};

}  // namespace bplab::ui
