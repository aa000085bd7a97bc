#pragma once

#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/explain.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_store.h"

class QLabel;
class QTextBrowser;

namespace bplab::ui {

// "Why did this happen?" for the trace line selected in the event log or on a
// chart: the Explainer's text, the line itself, and a one-line state of every
// stage at that moment.
//
// How the state at a past line is found: by replay. The simulation is
// deterministic, so running the scenario the run started from again, with the
// same options and the live timing edits made at the same points
// (TimingEditAt::afterLines), and stopping after line k reproduces the state
// at line k exactly (bplab::replayToEvent). A million lines replay in well
// under a second; the replay runs on a worker thread (the Simulation it
// builds shares nothing with the running one) and the panel polls for its
// result, so the GUI never blocks; the last few results are cached. No
// checkpoints are kept: a Simulation cannot be copied, and replay costs no
// memory while the run goes on. A replayed line is compared with the stored
// one; if they differ (an edit was not reported) the panel says so instead
// of explaining a different state.
//
// GUI thread only.
class ExplanationPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget* parent = nullptr);
    ~ExplanationPanel() override;

    // The run the lines come from: the scenario as it was at t = 0, and the
    // options it runs with. Forgets cached results and timing edits.
    void setRun(const Scenario& scenarioAtStart, const SimulationOptions& options = {});
    // A live timing edit of this run (Simulation::setStageTiming), made when
    // the run had written edit.afterLines trace lines.
    void addTimingEdit(const TimingEditAt& edit);
    // The stored trace of the run, used to check replays (not owned; may be
    // nullptr).
    void setTrace(const TraceStore* store);

    // Explains trace line `traceIndex` (replaying to find the state).
    void showTraceIndex(qint64 traceIndex);
    // Explains a line whose state is already known (a line revealed by
    // stepping): no replay; the lines before it come from the stored trace.
    void showKnownState(qint64 traceIndex, const TraceEvent& event,
                        const std::vector<StageSnapshot>& stages);
    void clear();

    [[nodiscard]] qint64 traceIndex() const { return m_index; }
    // The text shown ("" while nothing is explained or a replay runs).
    [[nodiscard]] QString whyText() const;
    [[nodiscard]] bool busy() const { return m_job.valid(); }

Q_SIGNALS:
    // The state of every stage at the explained line (for the state
    // inspector, to show the past).
    void stateAtLine(qint64 traceIndex, const std::vector<bplab::StageSnapshot>& stages);
    // A replay finished and the text is shown.
    void explained(qint64 traceIndex);

private:
    struct Job {
        qint64 index = -1;
        std::uint64_t generation = 0;
    };
    void startReplay(qint64 traceIndex);
    void poll();
    void present(qint64 traceIndex, const TraceEvent& event, const std::string& message,
                 const std::string& why, const std::vector<StageSnapshot>& stages);
    void presentMessage(const QString& title, const QString& text);

    Scenario m_scenario;
    SimulationOptions m_options;
    std::vector<TimingEditAt> m_edits;
    const TraceStore* m_store = nullptr;
    std::uint64_t m_generation = 0;

    qint64 m_index = -1;
    std::future<std::optional<ReplayedEvent>> m_job;
    Job m_jobInfo;
    qint64 m_wanted = -1;  // asked for while a replay was running
    QTimer m_poll;
    std::list<std::pair<qint64, ReplayedEvent>> m_cache;  // most recent first
    std::unique_ptr<Explainer> m_stepExplainer;  // context of the lines before m_stepObserved
    std::size_t m_stepObserved = 0;

    QLabel* m_title = nullptr;
    QLabel* m_fields = nullptr;
    QLabel* m_why = nullptr;
    QLabel* m_state = nullptr;
};

}  // namespace bplab::ui
