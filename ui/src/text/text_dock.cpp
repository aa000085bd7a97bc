#include "bplab_ui/text/text_dock.h"

#include "bplab_ui/compare/compare_mode.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/text/text_panel.h"

#include <QDockWidget>
#include <QMenu>
#include <QTimer>

#include <memory>

namespace bplab::ui {

namespace {

bool hasText(const Scenario& scenario)
{
    return !scenario.stages.empty() && scenario.stages.front().text.has_value();
}

}  // namespace

QDockWidget* installTextPanel(MainWindow* window, CompareMode* compare)
{
    auto* dock = new QDockWidget(QObject::tr("Decoded text"), window);
    dock->setObjectName(QStringLiteral("textDock"));
    dock->setProperty("bplabKeepShown", true);
    auto* panel = new TextPanel(&window->run(), dock);
    dock->setWidget(panel);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->hide();
    window->viewMenu()->addAction(dock->toggleViewAction());

    const auto refresh = [dock, panel] {
        if (dock->isVisible()) {
            panel->refresh();
        }
    };
    QObject::connect(&window->player(), &Player::frameAdvanced, panel, refresh);
    QObject::connect(&window->run(), &Run::jumped, panel, refresh);
    QObject::connect(dock, &QDockWidget::visibilityChanged, panel, [panel](bool shown) {
        if (shown) {
            panel->refresh();
        }
    });
    // Shown for a text scenario, hidden for another; the same scenario
    // restarted (an edit, Reset) keeps what the person chose.
    // The first scenario decides whatever a restored layout said.
    auto lastHadText = std::make_shared<int>(-1);  // -1: no scenario yet, else 0 / 1
    QObject::connect(&window->run(), &Run::loaded, panel, [window, dock, panel, lastHadText] {
        const int text = hasText(window->run().scenario()) ? 1 : 0;
        if (text != *lastHadText) {
            *lastHadText = text;
            dock->setVisible(text == 1);
        }
        if (dock->isVisible()) {
            panel->refresh();
        }
    });
    // In presenter mode the diagram and the charts keep most of the width:
    // the panel a third of it (its large type still fits a dozen characters
    // of Chinese a line at 1024 px).
    const auto fitPresenter = [window, dock] {
        if (window->presenter()->isActive() && dock->isVisible() && !dock->isFloating() &&
            window->dockWidgetArea(dock) == Qt::RightDockWidgetArea) {
            window->resizeDocks({dock}, {window->width() / 3}, Qt::Horizontal);
        }
    };
    QObject::connect(window->presenter(), &PresenterMode::activeChanged, dock,
                     [fitPresenter] { QTimer::singleShot(0, fitPresenter); });
    QObject::connect(dock, &QDockWidget::visibilityChanged, window,
                     [fitPresenter] { QTimer::singleShot(0, fitPresenter); });
    if (compare != nullptr) {
        const auto follow = [compare, panel] {
            if (!compare->isActive()) {
                panel->setOtherRun(nullptr);
                return;
            }
            const bool windowHoldsA = compare->selected() == CompareMode::Side::A;
            Run* other = windowHoldsA ? &compare->runB() : &compare->runA();
            panel->setOtherRun(other, windowHoldsA ? QStringLiteral("A") : QStringLiteral("B"),
                               windowHoldsA ? QStringLiteral("B") : QStringLiteral("A"));
        };
        QObject::connect(compare, &CompareMode::activeChanged, panel, follow);
        // Both diagrams take the width while comparing: the panel goes under
        // them, where its two columns stand side by side, and back after.
        QObject::connect(compare, &CompareMode::activeChanged, dock, [window, dock](bool active) {
            const bool shown = dock->isVisible();
            window->addDockWidget(active ? Qt::BottomDockWidgetArea : Qt::RightDockWidgetArea,
                                  dock);
            dock->setVisible(shown);
        });
        QObject::connect(&window->run(), &Run::loaded, panel, follow);
    }
    return dock;
}

TextPanel* textPanelOf(QDockWidget* dock)
{
    return dock == nullptr ? nullptr : qobject_cast<TextPanel*>(dock->widget());
}

}  // namespace bplab::ui
