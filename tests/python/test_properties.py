"""Property-based tests over generated streams.

1. The whole job over a file (one Flink job per example, several streams as pipelines
   of it): each record ends up in exactly one of "aggregated in its window", "rejected
   with a reason" or "dropped as late", with the late drops those of the model's watermark.
2. The per-shard watermarks of the Kinesis source (ShardWatermarks, through py4j):
   however the reads of several shards interleave, no event is late because another
   shard ran ahead, and once every shard is read the watermark reaches the newest event.
"""

import json
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main as job
from cases import REFERENCE, event
from job_runner import Pipeline, assert_matches_model, run_pipelines
from test_parser import LINES

# --- 1. The job ----------------------------------------------------------------

START = REFERENCE - timedelta(hours=2)


@st.composite
def streams(draw):
    """Events on a clock that mostly moves forward; some behind it by up to a few windows
    (late or not depending on the delay), some invalid, some ahead of Kinesis's clock."""
    window = draw(st.sampled_from([1, 7, 60]))
    delay = draw(st.sampled_from([0, 2, 5]))
    lines, clock = [], 0.0
    for _ in range(draw(st.integers(1, 120))):
        kind = draw(st.sampled_from(["event"] * 8 + ["behind", "invalid", "ahead"]))
        clock += draw(st.sampled_from([0, 0.001, 0.25, 1, 3, 7, 20]))
        if kind == "invalid":
            lines.append(draw(LINES.filter(lambda line: "\n" not in line and "\r" not in line)))
            continue
        at = START + timedelta(seconds=clock)
        if kind == "behind":
            at -= timedelta(seconds=draw(st.floats(0, 3 * window + delay)))
        elif kind == "ahead":
            at = REFERENCE + timedelta(seconds=draw(st.sampled_from([59, 61, 3600])))
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + draw(st.sampled_from(["Z", "", "+00:00"]))
        lines.append(event(draw(st.sampled_from(["A", "B", "C"])), stamp, draw(st.integers(-4000, 4000)) / 8))
    return Pipeline(lines, window_seconds=window, delay_seconds=delay)


@settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(pipelines=st.lists(streams(), min_size=4, max_size=4))
def test_each_generated_record_is_aggregated_rejected_or_late_as_the_model_says(tmp_path_factory, pipelines):
    outputs = run_pipelines(tmp_path_factory.mktemp("generated"), pipelines)
    for output, pipeline in zip(outputs, pipelines):
        assert_matches_model(output, pipeline)


# --- 2. Per-shard watermarks ----------------------------------------------------------

DELAY = 5_000
HOLD = 20_000


@st.composite
def backlogs(draw):
    """A few shards, each a backlog of event times in shard order (None: a rejected record)."""
    shards = []
    for _ in range(draw(st.integers(1, 4))):
        clock = draw(st.integers(0, 600_000))
        events = []
        for _ in range(draw(st.integers(0, 30))):
            clock += draw(st.integers(0, 20_000))
            events.append(None if draw(st.integers(0, 9)) == 0 else clock - draw(st.integers(0, DELAY)))
        shards.append(events)
    return shards


@settings(max_examples=300, deadline=None, database=None)
@given(backlog=backlogs(), data=st.data())
def test_no_event_is_late_because_another_shard_ran_ahead(jvm, backlog, data):
    tracker = job.java_class("ShardWatermarks")(DELAY, HOLD)
    for shard in range(len(backlog)):
        tracker.register(shard)
    position = [0] * len(backlog)
    finishing = [data.draw(st.booleans()) for _ in backlog]  # read to its end (a reshard) or caught up
    done = [False] * len(backlog)
    watermark, now = -(2**63), 0

    def advance():
        nonlocal watermark
        emitted = tracker.advance(now)
        if emitted != job.java_class("ShardWatermarks").NONE:
            assert emitted > watermark, "watermarks only ascend"
            watermark = emitted

    while not all(done):
        shard = data.draw(st.sampled_from([i for i, d in enumerate(done) if not d]))
        now += data.draw(st.integers(0, 3_000))
        batch = backlog[shard][position[shard]: position[shard] + data.draw(st.integers(0, 12))]
        for event_millis in batch:
            # Never behind its own shard's watermark (the generator keeps each event within the
            # delay of its shard's newest), so it must not be behind the subtask's either.
            if event_millis is not None:
                assert event_millis >= watermark, f"shard {shard}'s event at {event_millis} is behind watermark {watermark}"
            tracker.onRecord(shard, event_millis)
        position[shard] += len(batch)
        at_end = position[shard] == len(backlog[shard])
        if not batch and at_end:
            # Read to its end: closed by a reshard, or caught up (an empty read, 0 ms behind).
            if finishing[shard]:
                tracker.onFinished(shard, now)
            else:
                tracker.onBatch(shard, 0, 0)
            done[shard] = True
        else:
            # Kinesis says 0 ms behind only at the tip; an empty read short of it is behind.
            tracker.onBatch(shard, len(batch), data.draw(st.sampled_from([0, 1_000])) if batch or at_end else 1_000)
        advance()

    # Every shard read: past the finished shards' hold, the watermark reaches the newest event.
    now += HOLD
    advance()
    newest = max((e for events in backlog for e in events if e is not None), default=None)
    if newest is not None:
        assert watermark == newest - DELAY
    assert tracker.isIdle()


def test_a_shard_not_read_yet_holds_the_watermark_and_a_caught_up_one_does_not(jvm):
    tracker = job.java_class("ShardWatermarks")(DELAY, HOLD)
    none = job.java_class("ShardWatermarks").NONE
    tracker.register(0)
    tracker.register(1)
    tracker.register(2)
    tracker.onRecord(0, 100_000)
    tracker.onBatch(0, 1, 0)
    assert tracker.advance(0) == none, "shards 1 and 2 have not answered yet"
    tracker.onBatch(1, 0, 5_000)
    assert tracker.advance(0) == none, "shard 1 is still behind"
    tracker.onBatch(1, 0, 0)
    tracker.onBatch(2, 0, 0)
    assert tracker.advance(0) == 100_000 - DELAY, "shards 1 and 2 are caught up and empty"
    tracker.onRecord(2, 50_000)
    tracker.onRecord(2, 200_000)
    tracker.onBatch(2, 2, 0)
    assert tracker.advance(0) == none, "shard 0 still holds at 95 s"
    tracker.onRecord(0, None)  # a rejected record never moves it
    tracker.onBatch(0, 1, 0)
    assert tracker.advance(0) == none
    tracker.onFinished(0, 1_000)
    assert tracker.advance(1_000 + HOLD - 1) == none, "a finished shard holds until its children are found"
    assert tracker.advance(1_000 + HOLD) == 200_000 - DELAY
    assert not tracker.isIdle()
    tracker.onBatch(2, 0, 0)
    assert tracker.advance(1_000 + HOLD) == none
    assert tracker.isIdle()


def test_the_job_source_is_reachable_from_python(jvm):
    # The factory main.py calls, with the types it passes (py4j resolves overloads by them).
    sources = job.java_class("JobSources")
    assert sources.KINESIS_UID == "kinesis-records"
    assert json.loads(json.dumps(list(job.record_spec().valueFieldNames()))) == ["ticker", "price"]
