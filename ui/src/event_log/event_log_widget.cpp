#include "bplab_ui/event_log/event_log_widget.h"

#include <QAction>
#include <QCheckBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "bplab_ui/layout/live_text.h"

namespace bplab::ui {

namespace {

// The kinds that show backpressure at work, for the "Backpressure" preset.
bool isBackpressureKind(EventKind kind)
{
    switch (kind) {
        case EventKind::Write:
        case EventKind::Pause:
        case EventKind::Resume:
        case EventKind::Drain:
        case EventKind::Push:
            return true;
        default:
            return false;
    }
}

}  // namespace

EventLogWidget::EventLogWidget(QWidget* parent) : QWidget(parent)
{
    m_model = new EventLogModel(this);
    m_page = new EventLogPage(m_model, this);

    m_view = new QTableView(this);
    m_view->setModel(m_page);
    // The page never scrolls inside the table: m_scroll moves it.
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setAutoScroll(false);
    m_scroll = new QScrollBar(Qt::Vertical, this);
    m_scroll->setObjectName(QStringLiteral("eventLogScroll"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform row heights: fixed sections, so the view never measures rows.
    QHeaderView* vertical = m_view->verticalHeader();
    vertical->setVisible(false);
    vertical->setSectionResizeMode(QHeaderView::Fixed);
    vertical->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    QHeaderView* horizontal = m_view->horizontalHeader();
    horizontal->setSectionResizeMode(QHeaderView::Interactive);
    horizontal->setStretchLastSection(true);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_view->setColumnWidth(EventLogModel::IndexColumn, digit * 9);
    m_view->setColumnWidth(EventLogModel::TimeColumn, digit * 8);
    m_view->setColumnWidth(EventLogModel::StageColumn, digit * 12);
    m_view->setColumnWidth(EventLogModel::EventColumn, digit * 10);

    m_stageMenu = new QMenu(this);
    m_stageButton = new QToolButton(this);
    m_stageButton->setText(tr("Stages"));
    m_stageButton->setToolTip(tr("Show the lines of these stages only"));
    m_stageButton->setMenu(m_stageMenu);
    m_stageButton->setPopupMode(QToolButton::InstantPopup);

    m_kindMenu = new QMenu(this);
    QAction* all = m_kindMenu->addAction(tr("All events"));
    QAction* backpressure =
        m_kindMenu->addAction(tr("Backpressure only (push, write, pause, resume, drain)"));
    QAction* lifecycle =
        m_kindMenu->addAction(tr("Lifecycle only (end, finish, close, error, ...)"));
    m_kindMenu->addSeparator();
    for (int k = 0; k < kEventKindCount; ++k) {
        QAction* a =
            m_kindMenu->addAction(QString::fromLatin1(toString(static_cast<EventKind>(k))));
        a->setCheckable(true);
        a->setChecked(true);
        connect(a, &QAction::toggled, this, [this] { applyFilterFromControls(); });
        m_kindActions.push_back(a);
    }
    const auto presetKinds = [this](auto pick) {
        m_updatingControls = true;
        for (int k = 0; k < kEventKindCount; ++k) {
            m_kindActions[static_cast<std::size_t>(k)]->setChecked(pick(static_cast<EventKind>(k)));
        }
        m_updatingControls = false;
        applyFilterFromControls();
    };
    connect(all, &QAction::triggered, this,
            [presetKinds] { presetKinds([](EventKind) { return true; }); });
    connect(backpressure, &QAction::triggered, this,
            [presetKinds] { presetKinds(isBackpressureKind); });
    connect(lifecycle, &QAction::triggered, this, [presetKinds] {
        presetKinds([](EventKind k) {
            return !isBackpressureKind(k) && k != EventKind::Read && k != EventKind::Data &&
                   k != EventKind::Process && k != EventKind::Done;
        });
    });
    m_kindButton = new QToolButton(this);
    m_kindButton->setText(tr("Events"));
    m_kindButton->setToolTip(tr("Show these event kinds only"));
    m_kindButton->setMenu(m_kindMenu);
    m_kindButton->setPopupMode(QToolButton::InstantPopup);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search: stage, event, message, ret=false, wlen=16384"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(200);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        applyFilterFromControls();
    });
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { applyFilterFromControls(); });

    m_follow = new QCheckBox(tr("Follow"), this);
    m_follow->setToolTip(tr("Keep the newest line in view while the run goes on"));
    m_follow->setChecked(true);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            scrollToBottom();
        }
    });

    m_status = new LiveText(this);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_stageButton);
    bar->addWidget(m_kindButton);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_follow);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    auto* table = new QHBoxLayout;
    table->setContentsMargins(0, 0, 0, 0);
    table->setSpacing(0);
    table->addWidget(m_view, 1);
    table->addWidget(m_scroll);
    layout->addLayout(table, 1);
    layout->addWidget(m_status);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                onCurrentRowChanged(current.isValid() ? current.row() : -1);
            });
    connect(m_scroll, &QAbstractSlider::valueChanged, this, [this] { updatePage(); });
    // The table's wheel and resizes reach the page; its moving keys, the whole log.
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    // A click or key press means the user reads something: stop following.
    connect(m_view, &QAbstractItemView::pressed, this, [this] { m_follow->setChecked(false); });
    // So does scrolling up by hand (wheel, drag, arrows of the scroll bar);
    // scrolling back to the bottom follows again.
    QScrollBar* scroll = m_scroll;
    connect(scroll, &QAbstractSlider::actionTriggered, this, [this, scroll] {
        QTimer::singleShot(0, this, [this, scroll] {
            m_follow->setChecked(scroll->value() >= scroll->maximum());
        });
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_selected = -1;  // as a table's selection goes with its rows
        updatePage();
        updateStatus();
    });

    rebuildStageMenu();
    updateStatus();
}

void EventLogWidget::setRun(LineSource* run, std::vector<std::string> stageIds)
{
    const bool sameStages = stageIds == m_model->stageIds();
    m_model->setRun(run, std::move(stageIds));
    if (!sameStages) {
        EventLogFilter f = m_model->filter();
        f.stages.clear();
        m_model->setFilter(f);
        rebuildStageMenu();
    }
    updateStatus();
}

void EventLogWidget::sync(std::size_t visibleCount)
{
    const std::size_t before = m_model->scannedCount();
    m_model->sync(visibleCount);
    if (m_model->scannedCount() != before) {
        if (m_selected >= 0 && m_model->rowOfTraceIndex(static_cast<std::size_t>(m_selected)) < 0) {
            m_selected = -1;  // the cursor moved back before it
        }
        if (m_follow->isChecked()) {
            scrollToBottom();
        } else {
            updatePage();
        }
        updateStatus();
    }
}

int EventLogWidget::fullRows() const
{
    const int rowHeight = std::max(1, m_view->verticalHeader()->defaultSectionSize());
    return std::max(1, m_view->viewport()->height() / rowHeight);
}

void EventLogWidget::updatePage()
{
    const int rows = m_model->rowCount();
    const int full = fullRows();
    const QSignalBlocker quiet(m_scroll);
    m_scroll->setRange(0, std::max(0, rows - full));
    m_scroll->setPageStep(full);
    m_scroll->setSingleStep(1);
    // One row more than fit: the part-shown row at the bottom.
    m_page->show(m_scroll->value(), full + 1);
    showSelection();
}

void EventLogWidget::scrollToBottom()
{
    const int full = fullRows();
    const QSignalBlocker quiet(m_scroll);
    m_scroll->setRange(0, std::max(0, m_model->rowCount() - full));
    m_scroll->setValue(m_scroll->maximum());
    updatePage();
}

void EventLogWidget::scrollToRow(int row)
{
    const int full = fullRows();
    int top = m_scroll->value();
    if (row < top) {
        top = row;
    } else if (row >= top + full) {
        top = row - full + 1;
    }
    const QSignalBlocker quiet(m_scroll);
    m_scroll->setRange(0, std::max(0, m_model->rowCount() - full));
    m_scroll->setValue(top);
    updatePage();
}

void EventLogWidget::showSelection()
{
    m_selecting = true;
    const int row =
        m_selected < 0
            ? -1
            : m_page->pageRow(m_model->rowOfTraceIndex(static_cast<std::size_t>(m_selected)));
    if (row < 0) {
        m_view->selectionModel()->clear();
    } else {
        const QModelIndex index = m_page->index(row, EventLogModel::EventColumn);
        if (m_view->selectionModel()->currentIndex() != index ||
            !m_view->selectionModel()->isRowSelected(row, {})) {
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    m_selecting = false;
}

bool EventLogWidget::moveSelectionByKey(int key)
{
    const int rows = m_model->rowCount();
    if (rows == 0) {
        return false;
    }
    const int current =
        m_selected >= 0 ? m_model->rowAtOrBefore(static_cast<std::size_t>(m_selected)) : -1;
    const int from = current >= 0 ? current : m_scroll->value();
    int to = from;
    switch (key) {
        case Qt::Key_Up:
            to = from - 1;
            break;
        case Qt::Key_Down:
            to = from + 1;
            break;
        case Qt::Key_PageUp:
            to = from - fullRows();
            break;
        case Qt::Key_PageDown:
            to = from + fullRows();
            break;
        case Qt::Key_Home:
            to = 0;
            break;
        case Qt::Key_End:
            to = rows - 1;
            break;
        default:
            return false;
    }
    to = std::clamp(to, 0, rows - 1);
    m_follow->setChecked(false);
    m_selected = static_cast<qint64>(m_model->traceIndexAt(to));
    scrollToRow(to);
    Q_EMIT eventSelected(m_selected);
    return true;
}

bool EventLogWidget::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::Wheel) {
            QCoreApplication::sendEvent(m_scroll, event);
            return true;
        }
        if (event->type() == QEvent::Resize) {
            if (m_follow->isChecked()) {
                scrollToBottom();
            } else {
                updatePage();
            }
        }
    } else if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier &&
            moveSelectionByKey(key->key())) {
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool EventLogWidget::following() const
{
    return m_follow->isChecked();
}

void EventLogWidget::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

void EventLogWidget::setFilter(const EventLogFilter& filter)
{
    m_updatingControls = true;
    for (std::size_t i = 0; i + 1 < m_stageActions.size(); ++i) {
        m_stageActions[i]->setChecked(i >= filter.stages.size() || filter.stages[i]);
    }
    if (!m_stageActions.empty()) {
        m_stageActions.back()->setChecked(filter.processLines);
    }
    for (std::size_t k = 0; k < m_kindActions.size(); ++k) {
        m_kindActions[k]->setChecked(filter.kinds.test(k));
    }
    m_search->setText(filter.text);
    m_searchDelay.stop();
    m_updatingControls = false;
    const qint64 selected = selectedTraceIndex();
    m_model->setFilter(filter);
    if (selected >= 0) {
        selectTraceIndex(selected);
    } else {
        updatePage();
    }
    updateStatus();
}

qint64 EventLogWidget::selectedTraceIndex() const
{
    return m_selected;
}

void EventLogWidget::selectTraceIndex(qint64 traceIndex)
{
    if (traceIndex < 0) {
        m_selected = -1;
        showSelection();
        return;
    }
    const int row = m_model->rowAtOrBefore(static_cast<std::size_t>(traceIndex));
    if (row < 0) {
        return;
    }
    m_selected = static_cast<qint64>(m_model->traceIndexAt(row));
    const int full = fullRows();
    if (m_page->pageRow(row) < 0 || m_page->pageRow(row) >= full) {
        // Off screen: in the middle, as QAbstractItemView::PositionAtCenter.
        const QSignalBlocker quiet(m_scroll);
        m_scroll->setRange(0, std::max(0, m_model->rowCount() - full));
        m_scroll->setValue(row - full / 2);
    }
    updatePage();
}

void EventLogWidget::rebuildStageMenu()
{
    m_stageMenu->clear();
    m_stageActions.clear();
    QAction* all = m_stageMenu->addAction(tr("All stages"));
    connect(all, &QAction::triggered, this, [this] {
        m_updatingControls = true;
        for (QAction* a : m_stageActions) {
            a->setChecked(true);
        }
        m_updatingControls = false;
        applyFilterFromControls();
    });
    m_stageMenu->addSeparator();
    const EventLogFilter& f = m_model->filter();
    const auto& ids = m_model->stageIds();
    for (std::size_t i = 0; i <= ids.size(); ++i) {
        const bool process = i == ids.size();
        QAction* a = m_stageMenu->addAction(process ? tr("* (whole process)")
                                                    : QString::fromStdString(ids[i]));
        a->setCheckable(true);
        a->setChecked(process ? f.processLines : (i >= f.stages.size() || f.stages[i]));
        connect(a, &QAction::toggled, this, [this] { applyFilterFromControls(); });
        m_stageActions.push_back(a);
    }
}

void EventLogWidget::applyFilterFromControls()
{
    if (m_updatingControls) {
        return;
    }
    EventLogFilter f;
    const std::size_t stageCount = m_stageActions.empty() ? 0 : m_stageActions.size() - 1;
    f.stages.resize(stageCount);
    for (std::size_t i = 0; i < stageCount; ++i) {
        f.stages[i] = m_stageActions[i]->isChecked();
    }
    f.processLines = m_stageActions.empty() || m_stageActions.back()->isChecked();
    for (std::size_t k = 0; k < m_kindActions.size(); ++k) {
        f.kinds.set(k, m_kindActions[k]->isChecked());
    }
    f.text = m_search->text().trimmed();
    const qint64 selected = selectedTraceIndex();
    m_model->setFilter(f);
    if (selected >= 0) {
        selectTraceIndex(selected);
    } else if (m_follow->isChecked()) {
        scrollToBottom();
    } else {
        updatePage();
    }
    const bool stagesFiltered =
        !f.processLines || std::any_of(f.stages.begin(), f.stages.end(), [](bool b) { return !b; });
    m_stageButton->setText(stagesFiltered ? tr("Stages*") : tr("Stages"));
    m_kindButton->setText(f.kinds.all() ? tr("Events") : tr("Events*"));
    updateStatus();
}

void EventLogWidget::updateStatus()
{
    const auto shown = static_cast<qulonglong>(m_model->shownCount());
    const auto total = static_cast<qulonglong>(m_model->scannedCount());
    if (m_model->filter().showsEverything()) {
        m_status->setText(tr("%L1 lines").arg(total));
    } else {
        const auto from = static_cast<qulonglong>(m_model->filterFrom());
        m_status->setText(from == 0 ? tr("%L1 of %L2 lines").arg(shown).arg(total)
                                    : tr("%L1 of the last %L2 lines").arg(shown).arg(total - from));
    }
}

void EventLogWidget::onCurrentRowChanged(int row)
{
    if (m_selecting || row < 0) {
        return;
    }
    m_selected = static_cast<qint64>(m_model->traceIndexAt(m_page->logRow(row)));
    Q_EMIT eventSelected(m_selected);
}

EventLogDock::EventLogDock(QWidget* parent) : QDockWidget(tr("Event log"), parent)
{
    setObjectName(QStringLiteral("eventLogDock"));
    m_log = new EventLogWidget(this);
    setWidget(m_log);
}

}  // namespace bplab::ui
