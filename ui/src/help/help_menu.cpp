#include "bplab_ui/help/help_menu.h"

#include "bplab_core/version.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace bplab::ui {

HelpMenu::HelpMenu(QMainWindow* window) : QObject(window), m_window(window)
{
    m_menu = window->menuBar()->addMenu(tr("&Help"));
    m_guide = m_menu->addAction(tr("&Guide"));
    m_guide->setShortcut(QKeySequence::HelpContents);  // F1
    // F1 works wherever the focus is in the window, docks included.
    m_guide->setShortcutContext(Qt::ApplicationShortcut);
    m_guide->setStatusTip(tr("What the window shows, the keys and the scenario format"));
    connect(m_guide, &QAction::triggered, this, &HelpMenu::showGuide);
    m_menu->addSeparator();
    m_about = m_menu->addAction(tr("&About Backpressure Lab"));
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &HelpMenu::showAbout);
}

void HelpMenu::showGuide()
{
    if (m_guideWindow == nullptr) {
        // A window of its own (not modal): the guide stays open beside the run.
        auto* dialog = new QDialog(m_window, Qt::Window);
        dialog->setWindowTitle(tr("Backpressure Lab guide"));
        auto* layout = new QVBoxLayout(dialog);
        m_browser = new QTextBrowser(dialog);
        m_browser->setOpenExternalLinks(true);
        m_browser->setSource(QUrl(QStringLiteral("qrc:/help/guide.html")));
        layout->addWidget(m_browser);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(buttons);
        dialog->resize(720, 640);
        m_guideWindow = dialog;
    }
    m_guideWindow->show();
    m_guideWindow->raise();
    m_guideWindow->activateWindow();
}

QString HelpMenu::aboutText()
{
    return tr("<h3>Backpressure Lab %1</h3>"
              "<p>Watch Node.js streams fill their buffers, pause, drain and push back, "
              "on a virtual clock.</p>"
              "<p>What it shows, event for event, is what Node.js %2 does, and Node.js %3 "
              "with a scenario's <code>\"node\": \"20\"</code>.</p>"
              "<p>Free software under the GNU General Public License, version 3 or any later "
              "version. It comes with no warranty.</p>"
              "<p>Built with Qt %4.</p>")
        .arg(QString::fromLatin1(kVersion), QString::fromLatin1(kNode24Version),
             QString::fromLatin1(kNode20Version), QString::fromLatin1(qVersion()));
}

void HelpMenu::showAbout()
{
    QMessageBox box(m_window);
    box.setWindowTitle(tr("About Backpressure Lab"));
    box.setTextFormat(Qt::RichText);
    box.setText(aboutText());
    box.setIconPixmap(QPixmap(QStringLiteral(":/icons/app.png"))
                          .scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    box.setStandardButtons(QMessageBox::Close);
    box.exec();
}

}  // namespace bplab::ui
