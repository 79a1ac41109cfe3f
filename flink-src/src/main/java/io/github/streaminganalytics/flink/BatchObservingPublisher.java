package io.github.streaminganalytics.flink;

import org.apache.flink.streaming.connectors.kinesis.internals.publisher.RecordBatch;
import org.apache.flink.streaming.connectors.kinesis.internals.publisher.RecordPublisher;

/**
 * A shard's record publisher (polling or EFO) that tells an observer about each batch once
 * its records are emitted, and when the shard has been read to its end: what the
 * per-shard watermarks need to know that a shard is caught up or finished.
 */
final class BatchObservingPublisher implements RecordPublisher {
    interface Observer {
        void afterBatch(RecordBatch batch);

        void finished();
    }

    private final RecordPublisher delegate;
    private final Observer observer;

    BatchObservingPublisher(RecordPublisher delegate, Observer observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public RecordPublisherRunResult run(RecordBatchConsumer consumer) throws InterruptedException {
        RecordPublisherRunResult result = delegate.run(batch -> {
            try {
                return consumer.accept(batch);
            } finally {
                observer.afterBatch(batch);
            }
        });
        if (result == RecordPublisherRunResult.COMPLETE) observer.finished();
        return result;
    }
}
