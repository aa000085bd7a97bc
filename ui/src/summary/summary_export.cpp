#include "bplab_ui/summary/summary_export.h"

#include "bplab_core/run_summary.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/summary/run_end.h"
#include "bplab_ui/summary/run_summary_panel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace bplab::ui {

QStringList summaryLines(const Run& run, const QString& scenarioName)
{
    const RunSummary summary = run.summary();
    QStringList lines;
    lines << scenarioName;
    for (const auto& [name, value] : RunSummaryPanel::rows(summary)) {
        lines << name + QLatin1Char('\t') + value;
    }
    const QString ending = describeRunEnd(run);
    if (!ending.isEmpty()) {
        lines << QCoreApplication::translate("RunSummaryPanel", "Ended") + QLatin1Char('\t') +
                     ending;
    }
    lines << QCoreApplication::translate("RunSummaryPanel", "As bplab-cli prints it") +
                 QLatin1Char('\t') + QString::fromStdString(describeRunSummary(summary));
    return lines;
}

QImage withSummaryBand(const QImage& image, const QStringList& lines)
{
    QFont font;
    font.setPixelSize(14);
    const QFontMetrics metrics(font);
    const int margin = 10;
    const int width = std::max(image.width(), 600);
    // "figure<TAB>value" as two columns.
    int nameWidth = 0;
    for (const QString& line : lines) {
        const int tab = static_cast<int>(line.indexOf(QLatin1Char('\t')));
        if (tab >= 0) {
            nameWidth = std::max(nameWidth, metrics.horizontalAdvance(line.left(tab)));
        }
    }
    const int textWidth = width - 2 * margin;
    int bandHeight = margin;
    std::vector<QRect> boxes;
    for (const QString& line : lines) {
        const int tab = static_cast<int>(line.indexOf(QLatin1Char('\t')));
        const int left = tab >= 0 ? nameWidth + margin * 2 : 0;
        const QString value = tab >= 0 ? line.mid(tab + 1) : line;
        const QRect box =
            metrics.boundingRect(QRect(0, 0, textWidth - left, 10000), Qt::TextWordWrap, value);
        boxes.emplace_back(margin + left, bandHeight, textWidth - left, box.height());
        bandHeight += box.height() + 2;
    }
    bandHeight += margin;
    QImage out(width, image.height() + bandHeight, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.drawImage(0, 0, image);
    painter.translate(0, image.height());
    painter.setPen(QColor(200, 200, 200));
    painter.drawLine(0, 0, width, 0);
    painter.setFont(font);
    painter.setPen(QColor(20, 20, 20));
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const QString& line = lines.at(static_cast<qsizetype>(i));
        const int tab = static_cast<int>(line.indexOf(QLatin1Char('\t')));
        QFont bold = font;
        bold.setBold(tab < 0);
        painter.setFont(bold);
        if (tab >= 0) {
            painter.drawText(QRect(margin, boxes[i].top(), nameWidth, boxes[i].height()),
                             Qt::AlignLeft | Qt::AlignTop, line.left(tab));
        }
        painter.drawText(boxes[i], Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
                         tab >= 0 ? line.mid(tab + 1) : line);
    }
    return out;
}

QString summaryPathBeside(const QString& csvPath)
{
    const QFileInfo info(csvPath);
    const QString base = info.suffix().compare(QStringLiteral("csv"), Qt::CaseInsensitive) == 0
                             ? info.completeBaseName()
                             : info.fileName();
    return info.dir().filePath(base + QStringLiteral(".summary.txt"));
}

QByteArray summaryFileBytes(const QStringList& lines)
{
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

}  // namespace bplab::ui
