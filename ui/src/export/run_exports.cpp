#include "bplab_ui/export/run_exports.h"

#include "bplab_core/samples_csv.h"
#include "bplab_core/trace.h"
#include "bplab_core/trace_jsonl.h"
#include "bplab_ui/export/atomic_write.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/summary/summary_export.h"

#include <QDir>
#include <QFileDialog>
#include <QImage>

#include <string>
#include <vector>

namespace bplab::ui {

RunExports::RunExports(Run* run, PipelineDiagram* diagram, ChartsPanel* charts,
                       ErrorReporter reportError, QObject* parent)
    : QObject(parent),
      m_run(run),
      m_diagram(diagram),
      m_charts(charts),
      m_reportError(std::move(reportError))
{
}

bool RunExports::write(const QString& what, const QString& path, const QByteArray& bytes)
{
    QString error;
    if (!writeAtomically(path, bytes, error)) {
        m_reportError(what, tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    return true;
}

bool RunExports::trace(const QString& path)
{
    TraceStore lines;  // the run up to the cursor, re-simulated
    m_run->lines(0, m_run->cursorLines(), lines);
    const std::vector<std::string> ids = m_run->stageIds();
    std::string out;
    const std::size_t count = lines.size();
    out.reserve(count * 64);
    for (std::size_t i = 0; i < count; ++i) {
        appendTraceLine(out, lines.at(i), ids);
    }
    return write(tr("Cannot export the trace"), path, QByteArray::fromStdString(out));
}

// The samples CSV of bplab-cli --samples (core's samples_csv), of the run so
// far: simulated again from its recipe, so every sample is there, not only
// the ones the charts keep.
bool RunExports::samples(const QString& path)
{
    std::string csv;
    try {
        csv = samplesCsvOf(m_run->spec(), m_run->cursorTime());
    } catch (const RunStopped& stopped) {
        m_reportError(tr("Cannot export the samples"), QString::fromStdString(stopped.what()));
        return false;
    }
    if (!write(tr("Cannot export the samples"), path, QByteArray::fromStdString(csv))) {
        return false;
    }
    // The run's figures in a file of their own beside the CSV.
    const QStringList summary =
        summaryLines(*m_run, QString::fromStdString(m_run->scenario().name));
    return write(tr("Cannot export the run summary"), summaryPathBeside(path),
                 summaryFileBytes(summary));
}

bool RunExports::diagramPng(const QString& path)
{
    QString error;
    if (!writePngAtomically(m_diagram->grab().toImage(), path, error)) {
        m_reportError(tr("Cannot export the diagram"),
                      tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    return true;
}

bool RunExports::chartPng(ChartsPanel::Chart chart, const QString& path)
{
    QString error;
    // The run's figures under the charts, so the picture carries them.
    const QImage image = withSummaryBand(
        chart == ChartsPanel::ChartCount ? m_charts->grabAllCharts() : m_charts->grabChart(chart),
        summaryLines(*m_run, QString::fromStdString(m_run->scenario().name)));
    if (!writePngAtomically(image, path, error)) {
        m_reportError(tr("Cannot export the chart"),
                      tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    return true;
}

void RunExports::askTrace(QWidget* parent)
{
    const QString path = QFileDialog::getSaveFileName(
        parent, tr("Export trace"), QStringLiteral("trace.jsonl"), tr("JSON Lines (*.jsonl)"));
    if (!path.isEmpty()) {
        trace(path);
    }
}

void RunExports::askSamples(QWidget* parent)
{
    const QString path = QFileDialog::getSaveFileName(
        parent, tr("Export samples"), QStringLiteral("samples.csv"), tr("CSV (*.csv)"));
    if (!path.isEmpty()) {
        samples(path);
    }
}

void RunExports::askPng(QWidget* parent, int which)
{
    const QString base = which < 0                          ? QStringLiteral("diagram")
                         : which == ChartsPanel::ChartCount ? QStringLiteral("charts")
                                                            : ChartsPanel::chartNames().at(which);
    const QString path = QFileDialog::getSaveFileName(
        parent, tr("Export PNG"), base + QStringLiteral(".png"), tr("PNG images (*.png)"));
    if (path.isEmpty()) {
        return;
    }
    if (which < 0) {
        diagramPng(path);
    } else {
        chartPng(static_cast<ChartsPanel::Chart>(which), path);
    }
}

}  // namespace bplab::ui
