// Help ▸ Guide (F1) and Help ▸ About.
#include "bplab_ui/help/help_menu.h"
#include "bplab_core/version.h"
#include "bplab_ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <gtest/gtest.h>

namespace {

using bplab::ui::MainWindow;

TEST(HelpMenu, IsTheLastMenuWithTheGuideOnF1AndTheAboutBox)
{
    MainWindow window;
    const QList<QAction*> menus = window.menuBar()->actions();
    ASSERT_FALSE(menus.isEmpty());
    EXPECT_EQ(menus.last()->text(), QStringLiteral("&Help"));
    bplab::ui::HelpMenu* help = window.helpMenu();
    ASSERT_NE(help, nullptr);
    EXPECT_EQ(help->menu()->menuAction(), menus.last());
    EXPECT_EQ(help->guideAction()->shortcut(), QKeySequence(Qt::Key_F1));
    EXPECT_EQ(help->aboutAction()->text(), QStringLiteral("&About Backpressure Lab"));
}

TEST(HelpMenu, F1OpensTheBundledGuide)
{
    MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    bplab::ui::HelpMenu* help = window.helpMenu();
    EXPECT_EQ(help->guideWindow(), nullptr);

    QTest::keyClick(&window, Qt::Key_F1);

    ASSERT_NE(help->guideWindow(), nullptr);
    EXPECT_TRUE(help->guideWindow()->isVisible());
    EXPECT_EQ(help->guideWindow()->windowTitle(), QStringLiteral("Backpressure Lab guide"));
    QTextBrowser* browser = help->guideBrowser();
    ASSERT_NE(browser, nullptr);
    EXPECT_EQ(browser->source(), QUrl(QStringLiteral("qrc:/help/guide.html")));
    const QString text = browser->toPlainText();
    for (const char* heading : {"What you see", "Keys", "The charts", "The docks", "Scenario files",
                                "The command line"}) {
        EXPECT_TRUE(text.contains(QString::fromLatin1(heading))) << heading;
    }
    // The build filled in the versions and the install paths.
    EXPECT_FALSE(text.contains(QLatin1Char('@')));
    EXPECT_TRUE(text.contains(QString::fromLatin1(bplab::kNode24Version)));
    EXPECT_TRUE(text.contains(QString::fromLatin1(bplab::kInstalledDataDir)));

    // Pressing F1 again raises the same window rather than opening a second.
    QDialog* first = help->guideWindow();
    help->guideWindow()->close();
    QTest::keyClick(&window, Qt::Key_F1);
    EXPECT_EQ(help->guideWindow(), first);
    EXPECT_TRUE(first->isVisible());
}

TEST(HelpMenu, TheGuideFollowsItsLinksWithinThePage)
{
    MainWindow window;
    window.helpMenu()->showGuide();
    QTextBrowser* browser = window.helpMenu()->guideBrowser();
    browser->setSource(QUrl(QStringLiteral("qrc:/help/guide.html#keys")));
    EXPECT_EQ(browser->source().fragment(), QStringLiteral("keys"));
    EXPECT_TRUE(browser->toPlainText().contains(QStringLiteral("Halve or double the speed")));
}

TEST(HelpMenu, AboutSaysTheVersionTheNodeReleasesAndTheLicence)
{
    MainWindow window;
    QString shownText;
    QString shownTitle;
    // The box is modal: read it and close it from inside its event loop.
    QTimer::singleShot(0, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        ASSERT_NE(box, nullptr);
        shownTitle = box->windowTitle();
        shownText = box->text();
        box->close();
    });
    window.helpMenu()->aboutAction()->trigger();

    EXPECT_EQ(shownTitle, QStringLiteral("About Backpressure Lab"));
    EXPECT_EQ(shownText, bplab::ui::HelpMenu::aboutText());
    EXPECT_TRUE(shownText.contains(QStringLiteral("Backpressure Lab ") +
                                   QString::fromLatin1(bplab::kVersion)));
    EXPECT_TRUE(shownText.contains(QStringLiteral("Node.js 24.21.0")));
    EXPECT_TRUE(shownText.contains(QStringLiteral("Node.js 20.20.2")));
    EXPECT_TRUE(shownText.contains(QStringLiteral("GNU General Public License, version 3")));
}

}  // namespace
