#pragma once

#include <QColor>
#include <QImage>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_store.h"
#include "bplab_ui/layout/text_cache.h"

namespace bplab::ui {

// A chunk drawn on the arrow into stage `toStage` (>= 1), `progress` in [0, 1].
struct ChunkInFlight {
    int toStage = 1;
    double progress = 0.0;
};

// The chunks that recently travelled between stages: one per `write` line on
// a stage >= 1 among trace lines [0, visibleCount) with t in
// (nowMs - spanMs, nowMs]; progress = (nowMs - t) / spanMs. At most `limit`.
std::vector<ChunkInFlight> chunksInFlight(const TraceStore& trace, std::size_t visibleCount,
                                          double nowMs, double spanMs, std::size_t limit = 64);

// The pipeline across the top of the window: one box per stage, arrows
// between them labelled with the wiring, and for each side a tank that fills
// against its highWaterMark line. Above the mark the excess is drawn in a
// warning colour; the tank's scale grows in steps (1.25, 2.5, 5, 10, 20, ...
// times hwm) so a tenfold overflow still fits and the mark moves down.
//
// Pure view: it is handed a scenario and snapshots and paints them.
class PipelineDiagram : public QWidget {
    Q_OBJECT
public:
    enum class Side { Writable, Readable };

    explicit PipelineDiagram(QWidget* parent = nullptr);

    void setScenario(const Scenario& scenario);
    void setStages(const std::vector<StageSnapshot>& stages);
    void setChunksInFlight(std::vector<ChunkInFlight> chunks);
    // One line under the title (clock, memory, ...) and an optional banner
    // (outcome: crashed, out of memory) in a strong colour.
    void setCaption(const QString& caption);
    void setBanner(const QString& text, const QColor& colour);
    void setFooter(const QString& text);
    // Plain words with Node's names beside them ("waiting for drain
    // (needDrain)"), the default; off: Node's names alone.
    void setPlainLanguage(bool on);
    [[nodiscard]] bool plainLanguage() const { return m_plain; }
    [[nodiscard]] QString footer() const { return m_footer; }
    // The scenario's name in the header (off when a story strip shows it).
    void setTitleVisible(bool visible);  // e.g. the line revealed by stepping
    // Outlines one stage (the one the revealed line belongs to); -1: none.
    void setHighlightedStage(int stage);
    [[nodiscard]] int highlightedStage() const { return m_highlighted; }

    // Where the inside of a side's tank is painted (empty if the stage has no
    // such side), in widget coordinates. For tests and overlays.
    [[nodiscard]] QRectF tankRect(int stage, Side side) const;
    // The wiring's name over the arrow into stage `toStage` (1 .. n - 1),
    // as painted (the text's extent, widget coordinates), and the for-await
    // loop's ring with its arrowhead and pen (empty for any other wiring).
    // For tests: the two never overlap.
    [[nodiscard]] QRectF arrowLabelBounds(int toStage) const;
    [[nodiscard]] QRectF loopRingBounds(int toStage) const;
    // The tank's full scale in the side's unit, for the current length.
    [[nodiscard]] static double tankScale(std::int64_t length, std::int64_t highWaterMark);

    // The badge a stage of bplab-scenario/2 carries, or "": a transform
    // with a _flush ("_flush pending", "flushing" from Node's `final` to its
    // callback, "flushed"), a decoding writable ("decodes per chunk",
    // "StringDecoder", "StringDecoder holds 2 B" while it keeps a cut
    // character's start).
    [[nodiscard]] static QString formatTwoBadge(const Stage& stage, const StageSnapshot& snapshot);
    static const QColor& fillColour();      // below the mark
    static const QColor& overflowColour();  // above the mark

    [[nodiscard]] QSize sizeHint() const override { return {1200, 330}; }
    [[nodiscard]] QSize minimumSizeHint() const override;
    // The base text size in pixels (it follows the widget's height and width).
    [[nodiscard]] double textUnit() const { return m_unit; }
    // Multiplies the largest text size (presenter mode: 1.5 or more).
    void setTextScale(double scale);
    // The smallest base text size in pixels (kMinimumUnit by default;
    // presenter mode asks for more): the diagram's minimum size follows, so
    // a scroll area around it scrolls rather than shrinking the text.
    void setMinimumUnit(double pixels);
    [[nodiscard]] double minimumUnit() const { return m_minimumUnit; }
    // A callout in plain words on `stage` (-1: over the whole pipeline),
    // drawn at `opacity` (0 hides it).
    void setCallout(int stage, const QString& text, double opacity);
    [[nodiscard]] QString calloutText() const { return m_callout; }
    // Draws only `stage`, across the whole width (presenter mode's zoom); -1: all.
    void setZoomedStage(int stage);
    [[nodiscard]] int zoomedStage() const { return m_zoomed; }

    static constexpr double kMinimumUnit = 10.0;  // pixels: the smallest legible base size

Q_SIGNALS:
    void stageClicked(int stage);  // a click inside a stage's box

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct StageLayout {
        QRectF box;
        QRectF writableTank;  // inside of the tank, empty if none
        QRectF readableTank;
        QRectF processing;
        QRectF badges;
    };
    void relayout();
    [[nodiscard]] double widthInUnits() const;
    void paintStage(QPainter& painter, int index);
    void paintTank(QPainter& painter, const QRectF& tank, std::int64_t length, std::int64_t hwm,
                   bool objectMode, const QString& label);
    // Where the arrow into `toStage` puts its label and its loop ring.
    struct ArrowGeometry {
        double x0 = 0.0;  // the line, from the upstream box to the arrowhead's tip
        double x1 = 0.0;
        double y = 0.0;
        QRectF label;       // the label's lines are centred in it, one under the other
        QStringList lines;  // "for await" on two lines where the gap is narrow
        QRectF ring;        // the loop's arc (for-await only)
    };
    [[nodiscard]] ArrowGeometry arrowGeometry(int toStage) const;
    [[nodiscard]] QFont arrowLabelFont() const;
    void paintLoopGlyph(QPainter& painter, const QRectF& ring, const QColor& colour) const;
    void paintArrow(QPainter& painter, int toStage);
    void paintCallout(QPainter& painter);
    [[nodiscard]] QString plain(const QString& nodeName, const QString& words) const;

    Scenario m_scenario;
    std::vector<StageSnapshot> m_stages;
    std::vector<ChunkInFlight> m_chunks;
    std::vector<StageLayout> m_layout;
    TextCache m_texts;  // every label is drawn through it
    QRectF m_header;
    QString m_caption;
    QString m_banner;
    QColor m_bannerColour;
    QString m_footer;
    int m_highlighted = -1;
    double m_unit = 16.0;  // base font pixel size, follows the widget's height
    double m_textScale = 1.0;
    double m_minimumUnit = kMinimumUnit;
    int m_zoomed = -1;
    bool m_titleVisible = true;
    bool m_plain = true;
    int m_calloutStage = -1;
    QString m_callout;
    double m_calloutOpacity = 0.0;
};

}  // namespace bplab::ui
