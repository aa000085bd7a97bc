#include "bplab_ui/layout/diagram_scroll_area.h"

#include <QEvent>
#include <QScrollBar>
#include <QSplitter>

#include <algorithm>

namespace bplab::ui {

DiagramScrollArea::DiagramScrollArea(QWidget* parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
}

void DiagramScrollArea::keepLegibleIn(QSplitter* splitter)
{
    m_splitter = splitter;
    splitter->installEventFilter(this);
}

int DiagramScrollArea::neededHeight() const
{
    const QWidget* diagram = widget();
    if (diagram == nullptr) {
        return 0;
    }
    const QScrollBar* sideways = horizontalScrollBar();
    const int bar = sideways->isVisible() ? sideways->sizeHint().height() : 0;
    return diagram->minimumSizeHint().height() + 2 * frameWidth() + bar;
}

bool DiagramScrollArea::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_splitter && event->type() == QEvent::Resize) {
        makeRoom();
    }
    return QScrollArea::eventFilter(watched, event);
}

bool DiagramScrollArea::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::LayoutRequest) {
        QEvent request(QEvent::LayoutRequest);
        return QScrollArea::event(&request);  // resizes the diagram to its new minimum
    }
    return QScrollArea::viewportEvent(event);
}

void DiagramScrollArea::makeRoom()
{
    if (m_splitter->count() != 2 || m_splitter->widget(0) != this) {
        return;
    }
    QList<int> sizes = m_splitter->sizes();
    const int total = sizes[0] + sizes[1];
    const QWidget* below = m_splitter->widget(1);
    const int spare = total - std::max(below->minimumSizeHint().height(), below->minimumHeight());
    const int height = std::min(neededHeight(), spare);
    if (height > sizes[0]) {
        m_splitter->setSizes({height, total - height});
    }
}

}  // namespace bplab::ui
