#pragma once

#include <QObject>

class QAction;
class QDialog;
class QMainWindow;
class QMenu;
class QMessageBox;
class QTextBrowser;

namespace bplab::ui {

// Help ▸ Guide (F1): the bundled guide (":/help/guide.html") in Qt's text
// browser, in a window of its own beside the main one. Help ▸ About: the
// version, the Node.js releases whose behaviour the simulation reproduces,
// and the licence. Owned by (and parented to) the window it is added to.
class HelpMenu : public QObject {
    Q_OBJECT

public:
    // Appends the Help menu to `window`'s menu bar.
    explicit HelpMenu(QMainWindow* window);

    [[nodiscard]] QMenu* menu() const { return m_menu; }
    [[nodiscard]] QAction* guideAction() const { return m_guide; }
    [[nodiscard]] QAction* aboutAction() const { return m_about; }

    // The guide window, made on first use; shows and raises it.
    void showGuide();
    // The About box; modal, so it returns when the box is closed.
    void showAbout();

    // For tests: the guide window once shown (null before), and its browser.
    [[nodiscard]] QDialog* guideWindow() const { return m_guideWindow; }
    [[nodiscard]] QTextBrowser* guideBrowser() const { return m_browser; }
    // The About box's text (rich text), as showAbout() shows it.
    [[nodiscard]] static QString aboutText();

private:
    QMainWindow* m_window;
    QMenu* m_menu = nullptr;
    QAction* m_guide = nullptr;
    QAction* m_about = nullptr;
    QDialog* m_guideWindow = nullptr;  // a child of the window, kept once made
    QTextBrowser* m_browser = nullptr;
};

}  // namespace bplab::ui
