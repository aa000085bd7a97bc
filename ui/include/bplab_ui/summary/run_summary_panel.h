#pragma once

#include <QString>
#include <QWidget>

#include <vector>

#include "bplab_core/run_summary.h"

class QLabel;
class QPushButton;

namespace bplab::ui {

class LiveText;

// The run's figures (throughput, peak memory and when, pauses, drains,
// duration, outcome) as a small table, live while the run goes on and final
// at its end; "Copy" puts the text on the clipboard. Plain data in:
// setSummary() each frame. The labels are written only while the panel is on
// screen, and when it comes back (a dock tab picked). GUI thread only.
class RunSummaryPanel final : public QWidget {
    Q_OBJECT
public:
    explicit RunSummaryPanel(QWidget* parent = nullptr);

    // `ending`: why the run ended, in words with the core's message (see
    // describeRunEnd()); empty while it goes on.
    void setSummary(const RunSummary& summary, const QString& scenarioName,
                    const QString& ending = {});
    [[nodiscard]] const QString& ending() const { return m_ending; }
    [[nodiscard]] const RunSummary& summary() const { return m_summary; }
    // Tab-separated lines "figure<TAB>value", what Copy and the export write.
    [[nodiscard]] QString text() const;
    [[nodiscard]] QPushButton* copyButton() const { return m_copy; }

    // The figure rows as words, for the panel and the text export.
    [[nodiscard]] static QList<QPair<QString, QString>> rows(const RunSummary& summary);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void writeTable();

    RunSummary m_summary;
    QString m_name;
    QString m_ending;
    QWidget* m_table = nullptr;  // the grid of the labels below
    QLabel* m_title = nullptr;
    QLabel* m_scope = nullptr;
    std::vector<LiveText*> m_values;  // one per rows() entry
    QLabel* m_endingLabel = nullptr;
    QPushButton* m_copy = nullptr;
    bool m_shown = false;
    bool m_tableStale = false;  // m_table shows an older summary than m_summary
};

}  // namespace bplab::ui
