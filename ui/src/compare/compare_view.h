#pragma once

#include <QWidget>

#include <array>

#include "bplab_ui/run/run_chart_source.h"

class QLabel;
class QPushButton;
class QRadioButton;
class QScrollArea;
class QSplitter;
class QTableWidget;

namespace bplab::charts {
class TimeChart;
}

namespace bplab::ui {

class PipelineDiagram;
class Run;
class Scrubber;

// The central area in compare mode: a header (what is compared, which run
// edits go to, Leave), both diagrams (side by side when each gets at least
// its minimum width, else A above B), three charts on one time axis (A solid,
// B dashed) with the scrubber, and under them the summary table and the
// first difference. A plain holder of widgets: CompareMode fills them.
class CompareView final : public QWidget {
    Q_OBJECT
public:
    CompareView(Run* scrubbed, QWidget* parent = nullptr);

    enum ChartIndex { Buffers = 0, Memory = 1, Delivered = 2, ChartCount = 3 };

    QLabel* title = nullptr;
    QRadioButton* editA = nullptr;
    QRadioButton* editB = nullptr;
    QPushButton* leave = nullptr;
    QLabel* headerA = nullptr;
    QLabel* headerB = nullptr;
    PipelineDiagram* diagramA = nullptr;
    PipelineDiagram* diagramB = nullptr;
    std::array<charts::TimeChart*, ChartCount> charts{};
    Scrubber* scrubber = nullptr;
    QTableWidget* table = nullptr;
    QLabel* divergence = nullptr;
    QPushButton* goToDivergence = nullptr;
    RunChartSource sourceA;
    RunChartSource sourceB;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void arrangeDiagrams();

    QSplitter* m_diagrams = nullptr;
    QScrollArea* m_scrollA = nullptr;
    QScrollArea* m_scrollB = nullptr;
};

}  // namespace bplab::ui
