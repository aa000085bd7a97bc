#pragma once

class QDockWidget;

namespace bplab::ui {

class CompareMode;
class MainWindow;
class TextPanel;

// Docks a TextPanel ("Decoded text", object name "textDock") into the
// window, with its toggle in the View menu. It is shown when a scenario
// with a text source is loaded and hidden when one without is (a restart of
// the same scenario keeps the person's choice); presenter mode and compare
// mode leave it shown (the dock's "bplabKeepShown" property). While
// comparing, it shows the other run beside the window's, docked under the
// two diagrams (at the right again after). `compare` may be
// null. Call before MainWindow::restoreLayout(). GUI thread only.
QDockWidget* installTextPanel(MainWindow* window, CompareMode* compare);

// The panel inside a dock made by installTextPanel().
TextPanel* textPanelOf(QDockWidget* dock);

}  // namespace bplab::ui
