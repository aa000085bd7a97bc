#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QStringList>

namespace bplab::ui {

class Run;

// The run summary as it travels with an export: the scenario's name, the
// figures of the Run summary dock (tab-separated "figure<TAB>value" lines),
// why the run ended, and the line bplab-cli prints.
QStringList summaryLines(const Run& run, const QString& scenarioName);

// `image` with the summary written in a band under it (same width; the band
// as tall as the lines need), for chart pictures that carry their figures.
QImage withSummaryBand(const QImage& image, const QStringList& lines);

// Where the samples' summary goes beside a CSV export: "samples.csv" ->
// "samples.summary.txt" (the CSV keeps its one header and its rows).
QString summaryPathBeside(const QString& csvPath);
// The lines as the file's UTF-8 bytes, one per line.
QByteArray summaryFileBytes(const QStringList& lines);

}  // namespace bplab::ui
