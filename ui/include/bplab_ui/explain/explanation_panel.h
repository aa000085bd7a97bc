#pragma once

#include <QWidget>

#include <cstdint>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/timeline.h"

class QLabel;
class QTextBrowser;

namespace bplab::ui {

// "Why did this happen?" for the run's cursor at a line (a line picked in
// the event log or on a chart, or reached by stepping): the Explainer's text,
// the line itself, and a one-line state of every stage at that moment. All of
// it comes with the run's Moment (bplab::Recording explains the line while it
// rebuilds it): the panel keeps no replay and no edit log of its own.
//
// GUI thread only.
class ExplanationPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget* parent = nullptr);
    ~ExplanationPanel() override;

    // The scenario the lines name stages of.
    void setScenario(const Scenario& scenario);
    // Explains the moment's line (a moment at a time has none: clears).
    void showMoment(const Moment& moment);
    void clear();

    [[nodiscard]] qint64 traceIndex() const { return m_index; }
    // The text shown ("" while nothing is explained).
    [[nodiscard]] QString whyText() const;

Q_SIGNALS:
    // A line is explained.
    void explained(qint64 traceIndex);

private:
    void present(qint64 traceIndex, const TraceEvent& event, const std::string& message,
                 const std::string& why, const std::vector<StageSnapshot>& stages);

    Scenario m_scenario;
    qint64 m_index = -1;

    QLabel* m_title = nullptr;
    QLabel* m_fields = nullptr;
    QLabel* m_why = nullptr;
    QLabel* m_state = nullptr;
};

}  // namespace bplab::ui
