package io.ipamoperator.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipamoperator.api.pool.InClusterIPPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When an event source over the index starts listening, and that stopping it never waits for the index (unit tier). */
class IndexEventSourceTest {

    private final IndexReadiness readiness = new IndexReadiness();
    private final AddressIndex index = new AddressIndex(new IndexChanges(), readiness);
    private final AtomicInteger subscribed = new AtomicInteger();

    private final IndexEventSource<InClusterIPPool> source = new IndexEventSource<>("test", index) {
        @Override
        protected List<ChangeSubscription> subscribe(IndexChanges changes) {
            subscribed.incrementAndGet();
            return List.of(changes.onPoolChange(pool -> {}));
        }
    };

    @Test
    void aSourceStartsListeningOnlyOnceTheIndexIsBuilt() {
        Thread starting = new Thread(source::start);
        starting.start();

        assertThat(subscribed).hasValue(0);
        readiness.markReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> !starting.isAlive());
        assertThat(subscribed).hasValue(1);
        assertThat(source.isRunning()).isTrue();
    }

    @Test
    void aSourceStoppedBeforeTheIndexWasBuiltStopsAtOnceAndItsStartGivesUp() {
        Thread starting = new Thread(source::start);
        starting.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> starting.getState() == Thread.State.TIMED_WAITING);

        source.stop(); // returns although the start is still waiting

        await().atMost(Duration.ofSeconds(30)).until(() -> !starting.isAlive());
        assertThat(subscribed).hasValue(0);
        assertThat(source.isRunning()).isFalse();
    }
}
