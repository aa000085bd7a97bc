#include "bplab_ui/inspector/wheel_guard.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

namespace bplab::ui {

namespace {

class WheelGuard final : public QObject {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::Wheel) {
            return false;
        }
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget == nullptr || widget->hasFocus()) {
            return false;
        }
        // As if the widget had ignored it: its parent (a scroll area) scrolls.
        if (QWidget* parent = widget->parentWidget()) {
            QCoreApplication::sendEvent(parent, event);
        }
        return true;
    }
};

}  // namespace

void guardWheel(QWidget* widget)
{
    static WheelGuard* guard = new WheelGuard;  // GUI thread only; lives as long as the app
    widget->setFocusPolicy(Qt::StrongFocus);
    widget->installEventFilter(guard);
}

}  // namespace bplab::ui
