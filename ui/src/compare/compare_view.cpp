#include "compare/compare_view.h"

#include "bplab_charts/time_chart.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/scrubber.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bplab::ui {

namespace {

QWidget* labelled(QLabel* header, QScrollArea* scroll, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->setSpacing(0);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    header->setTextFormat(Qt::PlainText);
    layout->addWidget(header);
    layout->addWidget(scroll, 1);
    return box;
}

QScrollArea* scrolled(PipelineDiagram* diagram, QWidget* parent)
{
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(diagram);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

}  // namespace

CompareView::CompareView(Run* scrubbed, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("compareView"));
    setFocusPolicy(Qt::StrongFocus);  // keys go to the window's shortcuts
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 4, 6, 0);
    title = new QLabel(this);
    title->setObjectName(QStringLiteral("compareTitle"));
    title->setTextFormat(Qt::PlainText);
    QFont big = title->font();
    big.setBold(true);
    title->setFont(big);
    header->addWidget(title, 1);
    header->addWidget(new QLabel(tr("Edits go to:"), this));
    editA = new QRadioButton(tr("A"), this);
    editB = new QRadioButton(tr("B"), this);
    editA->setObjectName(QStringLiteral("compareEditA"));
    editB->setObjectName(QStringLiteral("compareEditB"));
    auto* group = new QButtonGroup(this);
    group->addButton(editA);
    group->addButton(editB);
    editA->setChecked(true);
    for (QRadioButton* radio : {editA, editB}) {
        radio->setFocusPolicy(Qt::NoFocus);  // arrows and space belong to playback
        header->addWidget(radio);
    }
    leave = new QPushButton(tr("Leave compare"), this);
    leave->setObjectName(QStringLiteral("compareLeave"));
    leave->setFocusPolicy(Qt::NoFocus);
    header->addWidget(leave);
    layout->addLayout(header);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("compareSplitter"));
    split->setChildrenCollapsible(false);

    diagramA = new PipelineDiagram(this);
    diagramB = new PipelineDiagram(this);
    diagramA->setObjectName(QStringLiteral("compareDiagramA"));
    diagramB->setObjectName(QStringLiteral("compareDiagramB"));
    for (PipelineDiagram* diagram : {diagramA, diagramB}) {
        diagram->setTitleVisible(false);  // the header above says which run it is
    }
    headerA = new QLabel(this);
    headerB = new QLabel(this);
    headerA->setObjectName(QStringLiteral("compareHeaderA"));
    headerB->setObjectName(QStringLiteral("compareHeaderB"));
    m_scrollA = scrolled(diagramA, this);
    m_scrollB = scrolled(diagramB, this);
    m_diagrams = new QSplitter(Qt::Vertical, split);
    m_diagrams->setObjectName(QStringLiteral("compareDiagrams"));
    m_diagrams->addWidget(labelled(headerA, m_scrollA, m_diagrams));
    m_diagrams->addWidget(labelled(headerB, m_scrollB, m_diagrams));
    split->addWidget(m_diagrams);

    // Under the diagrams: the charts and the scrubber, and beside them the
    // summary over the first difference.
    auto* lower = new QSplitter(Qt::Horizontal, split);
    lower->setObjectName(QStringLiteral("compareLower"));
    lower->setChildrenCollapsible(false);
    auto* chartBox = new QWidget(lower);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(0);
    const QStringList titles = {tr("Buffers"), tr("Memory"), tr("Delivered")};
    const QStringList names = {QStringLiteral("compareBuffers"), QStringLiteral("compareMemory"),
                               QStringLiteral("compareDelivered")};
    for (std::size_t i = 0; i < ChartCount; ++i) {
        charts[i] = new charts::TimeChart(chartBox);
        charts[i]->setObjectName(names.at(static_cast<qsizetype>(i)));
        charts[i]->setTitle(titles.at(static_cast<qsizetype>(i)));
        charts[i]->setTimeAxisLabelsVisible(i == ChartCount - 1);
        charts[i]->setPlotMargins(64, 10);  // one width: the time axes line up
        // The last one carries the time axis's labels and title.
        charts[i]->setMinimumHeight(i == ChartCount - 1 ? 100 : 60);
        chartLayout->addWidget(charts[i], i == ChartCount - 1 ? 4 : 3);
    }
    scrubber = new Scrubber(scrubbed, chartBox);
    chartLayout->addWidget(scrubber);
    lower->addWidget(chartBox);

    auto* side = new QSplitter(Qt::Vertical, lower);
    side->setChildrenCollapsible(false);
    table = new QTableWidget(side);
    table->setObjectName(QStringLiteral("compareSummary"));
    table->setColumnCount(4);
    table->setHorizontalHeaderLabels({tr("figure"), tr("A"), tr("B"), tr("B - A")});
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 2);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setFocusPolicy(Qt::NoFocus);
    table->setMinimumHeight(table->verticalHeader()->defaultSectionSize() * 6);
    side->addWidget(table);
    auto* diffBox = new QWidget(side);
    auto* diffLayout = new QVBoxLayout(diffBox);
    diffLayout->setContentsMargins(4, 0, 4, 0);
    diffLayout->setSpacing(2);
    divergence = new QLabel(diffBox);
    divergence->setObjectName(QStringLiteral("compareDivergence"));
    divergence->setWordWrap(true);
    divergence->setTextFormat(Qt::RichText);
    divergence->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    divergence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* diffScroll = new QScrollArea(diffBox);
    diffScroll->setWidget(divergence);
    diffScroll->setWidgetResizable(true);
    diffScroll->setFrameShape(QFrame::NoFrame);
    diffScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    diffLayout->addWidget(diffScroll, 1);
    goToDivergence = new QPushButton(tr("Go to the first difference"), diffBox);
    goToDivergence->setObjectName(QStringLiteral("compareGoToDivergence"));
    goToDivergence->setFocusPolicy(Qt::NoFocus);
    diffLayout->addWidget(goToDivergence, 0, Qt::AlignLeft);
    side->addWidget(diffBox);
    side->setMinimumWidth(380);  // the four columns of the table
    side->setStretchFactor(0, 1);
    side->setStretchFactor(1, 1);
    lower->addWidget(side);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    split->addWidget(lower);

    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);
}

void CompareView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangeDiagrams();
}

void CompareView::arrangeDiagrams()
{
    // Side by side only when each diagram keeps its minimum width (its text
    // never shrinks below legibility), else one above the other.
    const int needed = diagramA->minimumSizeHint().width() + diagramB->minimumSizeHint().width() +
                       m_diagrams->handleWidth() + 16;
    const Qt::Orientation want = width() >= needed ? Qt::Horizontal : Qt::Vertical;
    if (m_diagrams->orientation() != want) {
        m_diagrams->setOrientation(want);
    }
}

}  // namespace bplab::ui
