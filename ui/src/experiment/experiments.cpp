#include "bplab_ui/experiment/experiments.h"

#include "bplab_ui/experiment/node_check_window.h"
#include "bplab_ui/experiment/sweep_window.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/inspector/param_control.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/main_window.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDialog>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include <cstdio>
#include <memory>

namespace bplab::ui {

namespace {

// The label of the form row that holds `widget` (or one of its parents below `top`).
QString formLabelOf(QWidget* widget, const QWidget* top)
{
    for (QWidget* at = widget; at != nullptr && at != top; at = at->parentWidget()) {
        QWidget* parent = at->parentWidget();
        auto* form = parent != nullptr ? qobject_cast<QFormLayout*>(parent->layout()) : nullptr;
        if (form == nullptr) {
            continue;
        }
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* field = form->itemAt(row, QFormLayout::FieldRole);
            QLayoutItem* label = form->itemAt(row, QFormLayout::LabelRole);
            if (field == nullptr || label == nullptr) {
                continue;
            }
            if (field->widget() == at ||
                (field->layout() != nullptr && field->layout()->indexOf(at) >= 0)) {
                if (auto* text = qobject_cast<QLabel*>(label->widget())) {
                    return text->text();
                }
            }
        }
    }
    return {};
}

}  // namespace

Experiments* installExperiments(MainWindow* window, AnalysisDocks* docks)
{
    return new Experiments(window, docks);
}

Experiments::Experiments(MainWindow* window, AnalysisDocks* docks)
    : QObject(window), m_window(window), m_docks(docks)
{
    // Before Help, the last menu.
    QAction* help =
        window->menuBar()->actions().isEmpty() ? nullptr : window->menuBar()->actions().last();
    auto* experiment = new QMenu(tr("E&xperiment"), window);
    m_sweepAction = experiment->addAction(tr("&Sweep..."));
    m_sweepAction->setToolTip(tr("Run the scenario for every value of one or two parameters"));
    connect(m_sweepAction, &QAction::triggered, this, [this] { openSweep(); });
    auto* tools = new QMenu(tr("&Tools"), window);
    m_nodeAction = tools->addAction(tr("Run on real &Node..."));
    m_nodeAction->setToolTip(tr("Run the scenario on a Node binary and compare the traces"));
    connect(m_nodeAction, &QAction::triggered, this, [this] {
        if (NodeCheckWindow* check = openNodeCheck(); !check->isRunning()) {
            check->start();
        }
    });
    window->menuBar()->insertMenu(help, experiment);
    window->menuBar()->insertMenu(help, tools);
    if (docks != nullptr) {
        qApp->installEventFilter(this);
    }
}

const Scenario& Experiments::currentScenario() const
{
    return m_window->editedScenario();
}

SweepWindow* Experiments::openSweep(const QString& path)
{
    if (m_sweep == nullptr) {
        m_sweep = new SweepWindow(currentScenario(), m_window);
        connect(m_sweep, &SweepWindow::variantChosen, this, &Experiments::openVariant);
    } else if (!m_sweep->isRunning()) {
        m_sweep->setBaseScenario(currentScenario());
    }
    if (!path.isEmpty()) {
        m_sweep->prefillParameter(path);
    }
    m_sweep->show();
    m_sweep->raise();
    m_sweep->activateWindow();
    return m_sweep;
}

NodeCheckWindow* Experiments::openNodeCheck()
{
    if (m_nodeCheck == nullptr) {
        m_nodeCheck = new NodeCheckWindow(m_window);
    }
    if (!m_nodeCheck->isRunning()) {
        m_nodeCheck->setScenario(currentScenario());
    }
    m_nodeCheck->show();
    m_nodeCheck->raise();
    return m_nodeCheck;
}

void Experiments::openVariant(const Scenario& variant, const QString& description)
{
    ScenarioEditor* editor = m_docks != nullptr ? m_docks->editor() : nullptr;
    if (editor == nullptr) {
        m_window->run().load(variant);
        m_window->refreshViews();
        return;
    }
    const Scenario before = editor->scenario();
    const Status applied = editor->apply(tr("sweep variant %1").arg(description), variant);
    if (!applied.ok()) {
        m_window->statusBar()->showMessage(QString::fromStdString(applied.error().message), 8000);
        return;
    }
    // A timing-only difference would go on live: a variant starts from t = 0.
    if (classifyEdit(before, variant) != EditEffect::Structural) {
        m_window->run().load(editor->scenario());
    }
    m_window->statusBar()->showMessage(
        tr("Opened the variant %1 (Undo goes back)").arg(description), 8000);
}

bool Experiments::runFromCommandLine(const QStringList& sweep, const QString& node,
                                     const QString& screenshot, QSize size)
{
    QDialog* shown = nullptr;
    const auto fail = [](const QString& message) {
        std::fprintf(stderr, "bplab: %s\n", message.toLocal8Bit().constData());
        return false;
    };
    if (!sweep.isEmpty()) {
        SweepWindow* window = openSweep();
        for (int i = 0; i < sweep.size(); ++i) {
            const qsizetype equals = sweep[i].indexOf(QLatin1Char('='));
            if (equals < 0) {
                return fail(QStringLiteral("--sweep %1: expected PATH=LIST").arg(sweep[i]));
            }
            window->setParameter(i, sweep[i].left(equals).trimmed(),
                                 sweep[i].mid(equals + 1).trimmed());
        }
        window->resize(size);
        if (!window->start()) {
            return fail(QStringLiteral("--sweep: %1").arg(window->lastError()));
        }
        shown = window;
        connect(window, &SweepWindow::sweepFinished, this, [window, screenshot] {
            if (!screenshot.isEmpty()) {
                QApplication::exit(saveScreenshot(window, screenshot) ? 0 : 1);
            }
        });
    } else {
        NodeCheckWindow* window = openNodeCheck();
        window->setNodeBinary(node);
        window->resize(size);
        connect(window, &NodeCheckWindow::checkFinished, this, [window, screenshot] {
            if (!screenshot.isEmpty()) {
                QApplication::exit(saveScreenshot(window, screenshot) ? 0 : 1);
            }
        });
        if (!window->start()) {
            return fail(window->verdict());
        }
        shown = window;
    }
    shown->show();
    return true;
}

bool Experiments::saveScreenshot(QWidget* window, const QString& path)
{
    QApplication::processEvents();
    if (!window->grab().save(path, "PNG")) {
        std::fprintf(stderr, "bplab: cannot write %s\n", path.toLocal8Bit().constData());
        return false;
    }
    return true;
}

QString Experiments::sweepPathOf(QWidget* field) const
{
    StageInspector* inspector = m_docks != nullptr ? m_docks->stageInspector() : nullptr;
    if (inspector == nullptr || field == nullptr || !inspector->isAncestorOf(field)) {
        return {};
    }
    for (QWidget* at = field; at != nullptr && at != inspector; at = at->parentWidget()) {
        if (qobject_cast<ParamControl*>(at) == nullptr ||
            !at->objectName().startsWith(QLatin1String("param."))) {
            continue;
        }
        const QString key = at->objectName().mid(6);
        const int stage = inspector->selectedStage();
        const Scenario& s = currentScenario();
        if (stage < 0 || static_cast<std::size_t>(stage) >= s.stages.size()) {
            return {};
        }
        const QString prefix = QStringLiteral("stages[%1].").arg(stage);
        if (key.startsWith(QLatin1String("highWaterMark."))) {
            // Per side only where the file already says so per side.
            const QJsonObject root =
                QJsonDocument::fromJson(QByteArray::fromStdString(serializeScenario(s))).object();
            const QJsonValue hwm = root.value(QStringLiteral("stages"))
                                       .toArray()
                                       .at(stage)
                                       .toObject()
                                       .value(QStringLiteral("highWaterMark"));
            return prefix + (hwm.isObject() ? key : QStringLiteral("highWaterMark"));
        }
        return prefix + key;
    }
    const QString label = formLabelOf(field, inspector);
    if (label == tr("Wiring")) {
        return QStringLiteral("wiring");
    }
    if (label == tr("Seed")) {
        return QStringLiteral("seed");
    }
    if (label == tr("Until")) {
        return QStringLiteral("until_ms");
    }
    if (label == tr("Memory")) {
        return QStringLiteral("memory_limit_mb");
    }
    return {};
}

bool Experiments::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ContextMenu || !watched->isWidgetType()) {
        return false;
    }
    auto* widget = static_cast<QWidget*>(watched);
    const QString path = sweepPathOf(widget);
    if (path.isEmpty()) {
        return false;
    }
    auto* context = static_cast<QContextMenuEvent*>(event);
    // The field's own menu (cut, copy, paste...) with "Sweep this..." on top.
    auto* edit = qobject_cast<QLineEdit*>(widget);
    if (edit == nullptr && qobject_cast<QAbstractSpinBox*>(widget) != nullptr) {
        edit = widget->findChild<QLineEdit*>();
    }
    std::unique_ptr<QMenu> menu(edit != nullptr ? edit->createStandardContextMenu()
                                                : new QMenu(widget));
    QAction* sweep = new QAction(tr("Sweep this... (%1)").arg(path), menu.get());
    sweep->setObjectName(QStringLiteral("sweepThis"));
    connect(sweep, &QAction::triggered, this, [this, path] { openSweep(path); });
    QAction* first = menu->actions().isEmpty() ? nullptr : menu->actions().first();
    menu->insertAction(first, sweep);
    if (first != nullptr) {
        menu->insertSeparator(first);
    }
    menu->exec(context->globalPos());
    return true;
}

}  // namespace bplab::ui
