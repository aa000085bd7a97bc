#include "bplab_ui/starter_scenario.h"

namespace bplab::ui {

Scenario starterScenario()
{
    Scenario s;
    s.name = "New scenario";
    s.description =
        "A source piped into a slower sink. Describe here what the class should watch for.";
    s.wiring = Wiring::Pipe;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = 200;
    source.chunkBytes = 16384;
    source.intervalMs = 5;
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.delayMs = 20;
    s.stages = {source, sink};
    return s;
}

}  // namespace bplab::ui
