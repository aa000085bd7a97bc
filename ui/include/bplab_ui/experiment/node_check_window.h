#pragma once

#include <QDialog>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>
#include <QTimer>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>

#include "bplab_core/scenario.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace bplab::ui {

// Tools > Run on real Node: runs the scenario on a Node binary (a setting,
// "node" on PATH by default) through the harness the app installs, and
// compares Node's trace with the simulation's, as bplab-cli verify does.
// Node runs in a QProcess and the comparison on a worker thread: the window
// never waits. A run longer than the timeout is killed; Cancel kills it too.
// The verdict: "equal, N lines", or the first differing line side by side
// with five lines around it and both explanations. The Node binary's
// version is shown, with a warning when its major is not the profile's.
// GUI thread only.
class NodeCheckWindow final : public QDialog {
    Q_OBJECT
public:
    enum class Outcome { None, Running, Equal, Different, Failed, TimedOut, Cancelled };

    explicit NodeCheckWindow(QWidget* parent = nullptr);
    ~NodeCheckWindow() override;

    void setScenario(const Scenario& scenario);
    // A path, or a name looked up on PATH. The one run by the Run button is
    // kept in the settings (node/binary) and shown next time.
    void setNodeBinary(const QString& binary);
    [[nodiscard]] QString nodeBinary() const;
    void setTimeoutMs(int ms);  // the Node run's bound (default 60,000 ms)
    [[nodiscard]] int timeoutMs() const { return m_timeoutMs; }

    // Starts the check; false (outcome Failed, with the reason) when Node
    // or the harness cannot be found. Never waits for Node.
    bool start();
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_outcome == Outcome::Running; }

    [[nodiscard]] Outcome outcome() const { return m_outcome; }
    // "equal, 812 lines" / "different at line 6 of 812" / the failure.
    [[nodiscard]] QString verdict() const { return m_verdict; }
    [[nodiscard]] QString nodeVersion() const { return m_version; }
    // "" or "the scenario's profile is Node 24 but ... is v20.20.2".
    [[nodiscard]] QString versionWarning() const { return m_warning; }
    // The first differing line, 1-based (Outcome::Different).
    [[nodiscard]] std::optional<std::size_t> differingLine() const { return m_line; }
    // Five lines before and after it, each "  N  {json}" (">" marks the line).
    [[nodiscard]] QStringList simulationContext() const { return m_oursContext; }
    [[nodiscard]] QStringList nodeContext() const { return m_theirsContext; }
    [[nodiscard]] QString simulationWhy() const { return m_oursWhy; }
    [[nodiscard]] QString nodeWhy() const { return m_theirsWhy; }

Q_SIGNALS:
    void checkFinished();

private:
    struct Verdict;
    void onVersionDone(int exitCode, QProcess::ExitStatus status);
    void onTraceDone(int exitCode, QProcess::ExitStatus status);
    void onTimeout();
    void finish(Outcome outcome, const QString& verdict);
    void applyVerdict(const Verdict& verdict);
    void startProcess(const QString& program, const QStringList& arguments);
    void stopProcess();
    void joinWorker();
    void showResult();

    Scenario m_scenario;
    QString m_binaryPath;  // resolved
    QString m_harness;
    int m_timeoutMs = 60000;
    // Deleted later: the process is replaced from within its own finished().
    struct DeleteLater {
        void operator()(QObject* object) const { object->deleteLater(); }
    };
    std::unique_ptr<QProcess, DeleteLater> m_process;
    std::unique_ptr<QTemporaryFile> m_file;
    QTimer m_timeout;
    std::thread m_worker;
    std::uint64_t m_generation = 0;  // a result of an older check is dropped

    Outcome m_outcome = Outcome::None;
    QString m_verdict;
    QString m_version;
    QString m_warning;
    std::optional<std::size_t> m_line;
    QStringList m_oursContext;
    QStringList m_theirsContext;
    QString m_oursWhy;
    QString m_theirsWhy;

    QLineEdit* m_binary = nullptr;
    QSpinBox* m_timeoutSpin = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_versionLabel = nullptr;
    QLabel* m_verdictLabel = nullptr;
    QPlainTextEdit* m_ours = nullptr;
    QPlainTextEdit* m_theirs = nullptr;
    QLabel* m_oursWhyLabel = nullptr;
    QLabel* m_theirsWhyLabel = nullptr;
};

}  // namespace bplab::ui
