#include "bplab_ui/presenter/presenter_mode.h"

#include "bplab_ui/charts_panel.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/story/story_strip.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFontInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

namespace {

// Fonts before presenter mode changed them, to put back on leaving.
const char* const kSavedFont = "bplabPresenterSavedFont";
const char* const kHadFont = "bplabPresenterHadFont";

bool insideChart(const QWidget* widget)
{
    for (const QWidget* w = widget; w != nullptr; w = w->parentWidget()) {
        if (w->inherits("bplab::charts::TimeChart")) {
            return true;
        }
    }
    return false;
}

QPalette projectorPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(235, 235, 235));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(235, 235, 235));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0, 60, 160));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(120, 120, 120));
    return p;
}

}  // namespace

PresenterMode::PresenterMode(MainWindow* window) : QObject(window), m_window(window)
{
    m_toggle = new QAction(tr("&Presenter mode"), this);
    m_toggle->setShortcut(Qt::Key_F5);
    m_toggle->setShortcutContext(Qt::ApplicationShortcut);
    m_toggle->setCheckable(true);
    connect(m_toggle, &QAction::triggered, this, [this] { toggle(); });
    window->addAction(m_toggle);

    addKey(Qt::Key_Escape, &PresenterMode::leave);
    addKey(QKeySequence(Qt::CTRL | Qt::Key_Equal), nullptr);
    addKey(Qt::Key_B, nullptr);
    addKey(Qt::Key_Z, &PresenterMode::toggleZoom);
    addKey(Qt::Key_Left, nullptr);
    addKey(Qt::Key_Return, nullptr);
    addKey(Qt::Key_Enter, nullptr);
    // The lambdas the member-pointer form cannot express.
    connect(m_keys[1], &QAction::triggered, this, [this] { setScale(m_scale * 1.15); });
    QAction* smaller = addKey(QKeySequence(Qt::CTRL | Qt::Key_Minus), nullptr);
    connect(smaller, &QAction::triggered, this, [this] { setScale(m_scale / 1.15); });
    QAction* plus = addKey(QKeySequence(Qt::CTRL | Qt::Key_Plus), nullptr);
    connect(plus, &QAction::triggered, this, [this] { setScale(m_scale * 1.15); });
    connect(m_keys[2], &QAction::triggered, this, [this] { setBlanked(!blanked()); });
    // Left: back to t = 0 of the recorded run; Enter: on to the next pause or drain.
    connect(m_keys[4], &QAction::triggered, &window->run(), &Run::toStart);
    for (QAction* enter : {m_keys[5], m_keys[6]}) {
        connect(enter, &QAction::triggered, &window->run(), &Run::toNextPauseOrDrain);
    }
    for (int n = 1; n <= 9; ++n) {
        QAction* pick = addKey(QKeySequence(Qt::Key_0 + n), nullptr);
        connect(pick, &QAction::triggered, this, [this, n] { selectStage(n - 1); });
    }

    m_badge = window->story()->badge();
    m_badge->setText(tr("PRESENTING \u00b7 Esc leaves"));
    m_badge->hide();

    m_blank = new QWidget(window);
    m_blank->setObjectName(QStringLiteral("presenterBlank"));
    m_blank->setAutoFillBackground(true);
    QPalette black;
    black.setColor(QPalette::Window, Qt::black);
    m_blank->setPalette(black);
    m_blank->setFocusPolicy(Qt::StrongFocus);
    m_blank->installEventFilter(this);
    m_blank->hide();

    window->installEventFilter(this);
    // Which charts fit depends on the scenario too.
    connect(&window->run(), &Run::loaded, this, [this] {
        if (m_active) {
            fitLayout();
        }
    });
}

QAction* PresenterMode::addKey(const QKeySequence& key, void (PresenterMode::*slot)())
{
    auto* action = new QAction(this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::ApplicationShortcut);
    action->setEnabled(false);
    if (slot != nullptr) {
        connect(action, &QAction::triggered, this, slot);
    }
    m_window->addAction(action);
    m_keys.push_back(action);
    return action;
}

int PresenterMode::bodyPixelSize() const
{
    return static_cast<int>(std::lround(kBodyPixels * m_scale));
}

void PresenterMode::toggle()
{
    if (m_active) {
        leave();
    } else {
        enter();
    }
}

void PresenterMode::enter(bool fullScreen)
{
    if (m_active) {
        return;
    }
    m_active = true;
    m_savedState = m_window->saveState();
    m_savedGeometry = m_window->saveGeometry();
    m_wasFullScreen = m_window->isFullScreen();
    m_savedFont = m_window->font();
    m_savedPalette = m_window->palette();
    m_hidden.clear();
    // The diagram and the charts carry the lesson; docks and menus wait,
    // except one that is part of the picture (the text panel).
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        if (dock->isVisible() && !dock->property("bplabKeepShown").toBool()) {
            m_hidden.push_back(dock);
            dock->hide();
        }
    }
    for (QWidget* chrome : {static_cast<QWidget*>(m_window->menuBar()),
                            static_cast<QWidget*>(m_window->statusBar())}) {
        if (chrome->isVisible()) {
            m_hidden.push_back(chrome);
            chrome->hide();
        }
    }
    for (QAction* key : m_keys) {
        key->setEnabled(true);
    }
    m_window->setPalette(projectorPalette());
    m_window->charts()->setPresenting(true);
    applyLook();
    if (auto* splitter = m_window->findChild<QSplitter*>(QStringLiteral("centralSplitter"))) {
        m_savedSplitter = splitter->saveState();
        splitter->setStretchFactor(0, 1);
        splitter->setStretchFactor(1, 1);
        fitLayout();
        QTimer::singleShot(0, this, [this] {
            if (m_active) {
                fitLayout();  // again once the larger type is laid out
            }
        });
    }
    m_badge->show();
    m_window->story()->setMomentShown(false);  // the diagram's callout says it
    if (fullScreen) {
        m_window->showFullScreen();
    }
    placeOverlays();
    m_toggle->setChecked(true);
    Q_EMIT activeChanged(true);
}

void PresenterMode::leave()
{
    if (!m_active) {
        return;
    }
    m_active = false;
    setBlanked(false);
    if (m_zoomed) {
        toggleZoom();
    }
    for (QAction* key : m_keys) {
        key->setEnabled(false);
    }
    m_badge->hide();
    m_window->story()->setMomentShown(true);
    // Fonts back as they were: explicit ones restored, inherited ones unset.
    for (QWidget* widget : m_window->findChildren<QWidget*>()) {
        const QVariant saved = widget->property(kSavedFont);
        if (saved.isValid()) {
            if (widget->property(kHadFont).toBool()) {
                widget->setFont(saved.value<QFont>());
            } else {
                widget->setFont(QFont());
                widget->setAttribute(Qt::WA_SetFont, false);
            }
            widget->setProperty(kSavedFont, QVariant());
        }
    }
    m_window->setFont(m_savedFont);
    m_window->setPalette(m_savedPalette);
    m_window->charts()->setPresenting(false);
    if (auto* splitter = m_window->findChild<QSplitter*>(QStringLiteral("centralSplitter"))) {
        splitter->setStretchFactor(0, 2);  // the window's own (MainWindow)
        splitter->setStretchFactor(1, 3);
        splitter->restoreState(m_savedSplitter);
    }
    m_window->diagram()->setTextScale(1.0);
    m_window->diagram()->setMinimumUnit(PipelineDiagram::kMinimumUnit);
    if (!m_wasFullScreen) {
        m_window->showNormal();
    }
    m_window->restoreGeometry(m_savedGeometry);
    m_window->restoreState(m_savedState);
    for (QWidget* widget : m_hidden) {
        widget->show();
    }
    m_hidden.clear();
    m_toggle->setChecked(false);
    Q_EMIT activeChanged(false);
}

void PresenterMode::setScale(double scale)
{
    m_scale = std::clamp(scale, 0.5, 3.0);
    if (m_active) {
        applyLook();
        placeOverlays();
        fitLayout();
    }
}

void PresenterMode::applyLook()
{
    // Every text in proportion: the window's body font becomes bodyPixelSize()
    // and each widget with a font of its own (the toolbar's larger clock, a
    // smaller caption) keeps its ratio to it.
    const double appPixels = std::max(1, QFontInfo(QApplication::font()).pixelSize());
    const double ratio = bodyPixelSize() / appPixels;
    QFont body = m_savedFont;
    body.setPixelSize(bodyPixelSize());
    m_window->setFont(body);
    for (QWidget* widget : m_window->findChildren<QWidget*>()) {
        if (insideChart(widget) || widget->property("bplabOwnFont").toBool()) {
            continue;  // a chart sizes its own text from its font
        }
        if (!widget->property(kSavedFont).isValid()) {
            if (!widget->testAttribute(Qt::WA_SetFont)) {
                widget->setProperty(kHadFont, false);
                widget->setProperty(kSavedFont, QFont());
                continue;  // inherits the window's font
            }
            widget->setProperty(kHadFont, true);
            widget->setProperty(kSavedFont, widget->font());
        }
        if (!widget->property(kHadFont).toBool()) {
            continue;
        }
        QFont own = widget->property(kSavedFont).value<QFont>();
        const int pixels = QFontInfo(own).pixelSize();
        own.setPixelSize(std::max(bodyPixelSize(), static_cast<int>(std::lround(pixels * ratio))));
        widget->setFont(own);
    }
    m_window->diagram()->setTextScale(m_scale * 1.5);
    // Legible from the back of the room: the diagram's labels (0.85 of its
    // base size) never below about two thirds of the body text.
    m_window->diagram()->setMinimumUnit(bodyPixelSize() * kDiagramUnitOfBody);
}

void PresenterMode::fitLayout()
{
    auto* splitter = m_window->findChild<QSplitter*>(QStringLiteral("centralSplitter"));
    if (splitter == nullptr) {
        return;
    }
    const int total = splitter->height() - splitter->handleWidth();  // the panes share the rest
    const Scenario& scenario = m_window->run().scenario();
    PipelineDiagram* diagram = m_window->diagram();
    // Three charts when each gets kChartPixels beside the diagram at its
    // full presenter size; else two, and the diagram's text as large as
    // leaves the two their minimum height (never below 0.6 of the body).
    const double fullUnit = bodyPixelSize() * kDiagramUnitOfBody;
    const bool pair = total - (19.0 * fullUnit + 18.0) < 3 * kChartPixels;
    // Memory rather than events where memory is the story: the naive wiring,
    // a memory limit, the Buffer pool or retained slices.
    m_window->charts()->setPresentedPair(pair, scenario.wiring == Wiring::Naive ||
                                                   scenario.memoryLimitMb.has_value() ||
                                                   tracksAllocations(scenario));
    // The charts' pane holds the scrubber under them: its height counts too.
    const QWidget* chartsPane = splitter->widget(1);
    const int charts = chartsPane != nullptr ? chartsPane->minimumSizeHint().height()
                                             : m_window->charts()->minimumSizeHint().height();
    const double fitting = (static_cast<double>(total - charts) - 18.0) / 19.0;
    diagram->setMinimumUnit(
        std::clamp(fitting, bodyPixelSize() * 0.6, std::max(fullUnit, bodyPixelSize() * 0.6)));
    const int wanted =
        std::min(total, std::max(total * 11 / 20, diagram->minimumSizeHint().height() + 18));
    splitter->setSizes({wanted, std::max(0, total - wanted)});
}

void PresenterMode::placeOverlays()
{
    m_blank->setGeometry(m_window->rect());
    if (m_blank->isVisible()) {
        m_blank->raise();
    }
}

bool PresenterMode::blanked() const
{
    return m_blank->isVisible();
}

void PresenterMode::setBlanked(bool blanked)
{
    if (blanked && m_active) {
        m_blank->setGeometry(m_window->rect());
        m_blank->show();
        m_blank->raise();
        m_blank->setFocus();
    } else {
        m_blank->hide();
    }
}

void PresenterMode::selectStage(int stage)
{
    const auto count = static_cast<int>(m_window->run().scenario().stages.size());
    if (stage < 0 || stage >= count) {
        return;
    }
    m_stage = stage;
    m_window->selection().setStage(stage);
    m_window->highlightStage(stage);
    if (m_zoomed) {
        m_window->diagram()->setZoomedStage(stage);
    }
}

void PresenterMode::toggleZoom()
{
    m_zoomed = !m_zoomed;
    m_window->diagram()->setZoomedStage(m_zoomed ? m_stage : -1);
}

bool PresenterMode::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Resize && m_active) {
        placeOverlays();
        QTimer::singleShot(0, this, [this] {
            if (m_active) {
                fitLayout();  // once the window's layout has the new size
            }
        });
    }
    // A blank screen (which has the focus) comes back with any key, B
    // included: the key is taken as a key press, not as its shortcut.
    if (watched == m_blank && event->type() == QEvent::ShortcutOverride) {
        event->accept();
        return true;
    }
    if (watched == m_blank && event->type() == QEvent::KeyPress) {
        setBlanked(false);
        return true;
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace bplab::ui
