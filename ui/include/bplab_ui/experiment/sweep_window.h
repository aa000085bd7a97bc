#pragma once

#include <QDialog>
#include <QString>
#include <QTimer>

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/scenario.h"
#include "bplab_core/sweep.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace bplab::ui {

class SweepPlot;

// Experiment > Sweep...: one or two parameters of the scenario (JSON paths,
// as the inspector's "Sweep this..." fills them in), their values in the
// LIST syntax of bplab-cli sweep (a,b,c / a..b / a..b:step / a..b*k), and a
// metric. The variants run through the core's runSweep on worker threads
// while the window goes on (start() returns at once); rows reach the GUI
// through a mailbox emptied every 50 ms, never one signal per run. Cancel
// stops starting runs and keeps the rows done.
//
// Results: a line chart of the metric per value (one parameter; a log axis
// for a geometric list) or a heat map (two parameters), switchable between
// metrics, and a throughput-against-peak-memory scatter. Clicking a point or a
// cell emits variantChosen() with that variant. CSV (bplab-cli sweep's
// columns) and PNG exports are written atomically.
//
// GUI thread only; its worker thread touches nothing but the mailbox.
class SweepWindow final : public QDialog {
    Q_OBJECT
public:
    enum class Metric {
        Throughput,
        PeakMemory,
        Pauses,
        Drains,
        Duration,
        Events,
    };
    enum class View { Chart, Scatter };

    explicit SweepWindow(const Scenario& base, QWidget* parent = nullptr);
    ~SweepWindow() override;

    // The scenario the variants are made from (ignored while running).
    void setBaseScenario(const Scenario& base);
    [[nodiscard]] const Scenario& baseScenario() const { return m_base; }
    // Fills in parameter `which` (0 or 1).
    void setParameter(int which, const QString& path, const QString& list);
    // "Sweep this...": `path` goes into the first parameter that is empty or
    // already `path` (the second when the first holds another path), with a
    // LIST suggested from the scenario's value there.
    void prefillParameter(const QString& path);
    [[nodiscard]] QString parameterPath(int which) const;
    [[nodiscard]] QString parameterList(int which) const;
    // A list around the scenario's value at `path`: a geometric range for a
    // positive integer, false,true for a flag, the three wirings, ...
    [[nodiscard]] QString suggestedList(const QString& path) const;
    // Every path the form offers (each stage's numbers and flags, the run's).
    [[nodiscard]] QStringList sweepablePaths() const;
    void setJobs(int jobs);

    // Starts the sweep; false (and lastError()) when a parameter does not
    // parse or the sweep is too large. Never waits for a run.
    bool start();
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool wasCancelled() const { return m_cancelled; }
    [[nodiscard]] QString lastError() const { return m_error; }

    [[nodiscard]] const std::vector<SweepAxis>& axes() const { return m_axes; }
    // One entry per combination, filled in as runs finish.
    [[nodiscard]] const std::vector<std::optional<SweepRow>>& rows() const { return m_rows; }
    [[nodiscard]] std::size_t rowsDone() const { return m_done; }
    [[nodiscard]] static double metricValue(const SweepRow& row, Metric metric);

    void setShownMetric(Metric metric);
    [[nodiscard]] Metric shownMetric() const;
    void setView(View view);
    [[nodiscard]] View view() const;
    [[nodiscard]] SweepPlot* plot() const { return m_plot; }
    [[nodiscard]] QProgressBar* progressBar() const { return m_progress; }
    [[nodiscard]] QString statusText() const;

    // The rows done, in combination order, as bplab-cli sweep writes them.
    [[nodiscard]] std::string csv() const;
    bool exportCsv(const QString& path);
    bool exportPng(const QString& path);
    // The scenario of combination `run`.
    [[nodiscard]] Result<Scenario> variant(int run) const;
    // "stages[1].highWaterMark = 4096, wiring = pipeline".
    [[nodiscard]] QString describeVariant(int run) const;

    // Called on the worker thread after each run with its index (tests use it
    // to cancel at an exact point).
    void setRowHook(std::function<void(std::size_t)> hook) { m_rowHook = std::move(hook); }

Q_SIGNALS:
    void rowsArrived();
    void sweepFinished();
    // A point or a cell was clicked: open this variant.
    void variantChosen(const bplab::Scenario& variant, const QString& description);

private:
    void collect();
    void refreshPlot();
    void updateButtons();
    void pick(int run);
    void joinWorker();

    Scenario m_base;
    std::string m_baseJson;  // the scenario the running sweep was made from
    std::vector<SweepAxis> m_axes;
    std::vector<std::optional<SweepRow>> m_rows;
    std::size_t m_done = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QString m_error;

    std::thread m_worker;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_workerDone{false};
    std::mutex m_mailboxMutex;
    std::vector<std::pair<std::size_t, SweepRow>> m_mailbox;
    std::function<void(std::size_t)> m_rowHook;
    QTimer m_poll;

    QComboBox* m_path[2] = {nullptr, nullptr};
    QLineEdit* m_list[2] = {nullptr, nullptr};
    QSpinBox* m_jobs = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_metric = nullptr;
    QComboBox* m_view = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QPushButton* m_exportPng = nullptr;
    SweepPlot* m_plot = nullptr;
};

}  // namespace bplab::ui
