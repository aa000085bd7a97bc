#include <gtest/gtest.h>

#include <QApplication>
#include <QHBoxLayout>

#include "bplab_ui/layout/live_text.h"

namespace bplab::ui {
namespace {

// Counts the layout requests a widget receives.
class LayoutRequests : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::LayoutRequest) {
            ++count;
        }
        return QObject::eventFilter(watched, event);
    }
};

TEST(LiveText, ANewTextNoWiderThanBeforeLaysNothingOutAgain)
{
    QWidget window;
    auto* layout = new QHBoxLayout(&window);
    auto* clock = new LiveText(&window);
    layout->addWidget(clock);
    clock->setText(QStringLiteral("t = 1.000 s"));
    window.show();
    QApplication::processEvents();
    LayoutRequests requests;
    window.installEventFilter(&requests);

    // In a proportional font "1.111" may be wider than "1.000": one layout then.
    clock->setText(QStringLiteral("t = 1.111 s"));
    clock->setText(QStringLiteral("t = 1.000 s"));
    QApplication::processEvents();
    const int afterNarrower = requests.count;

    clock->setText(QStringLiteral("t = 10000.000 s"));
    QApplication::processEvents();

    EXPECT_EQ(clock->text(), QStringLiteral("t = 10000.000 s"));
    EXPECT_EQ(afterNarrower,
              clock->fontMetrics().horizontalAdvance(QStringLiteral("t = 1.111 s")) >
                      clock->fontMetrics().horizontalAdvance(QStringLiteral("t = 1.000 s"))
                  ? 1
                  : 0);
    EXPECT_EQ(requests.count, afterNarrower + 1);
    EXPECT_EQ(clock->sizeHint().width(),
              clock->fontMetrics().horizontalAdvance(QStringLiteral("t = 10000.000 s")) + 2);
}

TEST(LiveText, TheSameTextAgainChangesNothing)
{
    QWidget window;
    auto* layout = new QHBoxLayout(&window);
    auto* figure = new LiveText(&window);
    layout->addWidget(figure);
    figure->setText(QStringLiteral("12,345 lines"));
    window.show();
    QApplication::processEvents();
    LayoutRequests requests;
    window.installEventFilter(&requests);

    for (int i = 0; i < 100; ++i) {
        figure->setText(QStringLiteral("12,345 lines"));
    }
    QApplication::processEvents();

    EXPECT_EQ(requests.count, 0);
}

}  // namespace
}  // namespace bplab::ui
