#pragma once

// The trace: its domain types (trace_event.h) and its JSON Lines
// (trace_jsonl.h). The fast background writer of bplab-cli is the
// bplab_fast_trace target (bplab_fast_trace/background_jsonl_trace_writer.h).

#include "bplab_core/trace_event.h"
#include "bplab_core/trace_jsonl.h"
