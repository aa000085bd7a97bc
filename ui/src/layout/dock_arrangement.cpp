#include "bplab_ui/layout/dock_arrangement.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>

#include <algorithm>

namespace bplab::ui {

DockArrangement::DockArrangement(QMainWindow* window, QList<QDockWidget*> bottom,
                                 QList<QDockWidget*> side)
    : QObject(window), m_window(window), m_bottom(std::move(bottom)), m_side(std::move(side))
{
    window->installEventFilter(this);
    update();
}

bool DockArrangement::isCompactSize(QSize size)
{
    return size.width() < kWideWidth || size.height() < kWideHeight;
}

void DockArrangement::update()
{
    const bool compact = isCompactSize(m_window->size());
    if (m_compact != static_cast<int>(compact)) {
        m_compact = static_cast<int>(compact);
        arrange(compact);
    }
}

bool DockArrangement::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Resize) {
        update();
    }
    return QObject::eventFilter(watched, event);
}

void DockArrangement::arrange(bool compact)
{
    const QList<QDockWidget*> all = m_side + m_bottom;
    for (QDockWidget* dock : all) {
        if (dock->isFloating() && m_window->dockWidgetArea(dock) != Qt::NoDockWidgetArea) {
            dock->setFloating(false);
        }
    }
    if (compact) {
        QDockWidget* first = m_side.isEmpty() ? m_bottom.value(0) : m_side.first();
        if (first == nullptr) {
            return;
        }
        // Each dock joins the layout first: tabifyDockWidget() moves only
        // docks the window already holds.
        for (QDockWidget* dock : all) {
            m_window->addDockWidget(Qt::RightDockWidgetArea, dock);
        }
        for (QDockWidget* dock : all) {
            if (dock != first) {
                m_window->tabifyDockWidget(first, dock);
            }
        }
        first->raise();
        // A third of the width: the charts keep the rest.
        const int width = std::clamp(m_window->width() / 3, 300, 440);
        m_window->resizeDocks({first}, {width}, Qt::Horizontal);
        return;
    }
    QDockWidget* previous = nullptr;
    for (QDockWidget* dock : m_bottom) {
        if (previous == nullptr) {
            m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        } else {
            m_window->splitDockWidget(previous, dock, Qt::Horizontal);
        }
        previous = dock;
    }
    if (!m_side.isEmpty()) {
        for (QDockWidget* dock : m_side) {
            m_window->addDockWidget(Qt::RightDockWidgetArea, dock);
        }
        for (QDockWidget* dock : m_side.mid(1)) {
            m_window->tabifyDockWidget(m_side.first(), dock);
        }
        m_side.first()->raise();
        // Room for a slider beside each spin box.
        m_window->resizeDocks({m_side.first()}, {460}, Qt::Horizontal);
    }
    if (!m_bottom.isEmpty()) {
        m_window->resizeDocks({m_bottom.first()}, {280}, Qt::Vertical);  // a dozen log lines
    }
}

}  // namespace bplab::ui
