package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.IndexChanges;
import io.ipamoperator.index.IndexFixtures;
import io.ipamoperator.index.PoolState;
import io.ipamoperator.runtime.WaitRetry;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The claim lifecycle with the in-process index and fakes for every write (unit tier): when it registers its waits,
 * when it asks to look again, and in which order it serves the claims of one pool.
 */
class ClaimLifecycleTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration WAIT_RETRY = Duration.ofSeconds(30);

    private final IndexChanges changes = new IndexChanges();
    private final ClaimWaits waits = new ClaimWaits();
    private final Map<String, IpAddress> written = new LinkedHashMap<>();
    private final List<ResourceID> woken = new ArrayList<>();

    ClaimLifecycleTest() {
        // what ClaimWakeupEventSource does with a pool change: wake the claims waiting for the pool at that moment
        changes.onPoolChange(pool -> woken.addAll(waits.waitingFor(pool)));
    }

    @Test
    void aPoolThatArrivesRightAfterTheClaimFoundItMissingWakesTheClaim() {
        // the index answers "no such pool", and the pool is indexed the moment after that answer
        AddressIndex index = new AddressIndex(changes, IndexFixtures.ready()) {
            private boolean arrived;

            @Override
            public Optional<PoolState> pool(PoolId pool) {
                Optional<PoolState> answer = super.pool(pool);
                if (!arrived && pool.equals(POOL)) {
                    arrived = true;
                    definePool(this);
                }
                return answer;
            }
        };
        ClaimView claim = claim("late", NOW);

        ClaimDecision decision = lifecycle(index).bind(claim, ClusterState.NONE, ClaimQueue.EMPTY);

        assertThat(decision.ready().reason()).isEqualTo(CapiNames.REASON_POOL_NOT_READY);
        assertThat(woken).contains(new ResourceID("late", "ns"));
    }

    @Test
    void aWrittenAddressIndexedWhileTheClaimReadsItsFactsIsNotAllocatedASecondTime() {
        // the informer indexes the claim's IPAddress right after the index answered "no IPAddress of that name"
        AtomicReference<IpAddress> indexNext = new AtomicReference<>();
        AddressIndex index = new AddressIndex(changes, IndexFixtures.ready()) {
            @Override
            public Optional<AddressRecord> address(String namespace, String name) {
                Optional<AddressRecord> answer = super.address(namespace, name);
                IpAddress indexed = indexNext.getAndSet(null);
                if (indexed != null) {
                    upsert(
                            AddressRecord.key(namespace, name),
                            new AddressRecord(
                                    namespace,
                                    name,
                                    CapiNames.IPAM_GROUP,
                                    "InClusterIPPool",
                                    "pool",
                                    indexed.toString(),
                                    24,
                                    name,
                                    false,
                                    NOW,
                                    AddressRecord.Marks.NONE));
                }
                return answer;
            }
        };
        definePool(index);
        ClaimLifecycle lifecycle = lifecycle(index);
        ClaimView claim = claim("raced", NOW);
        lifecycle.bind(claim, ClusterState.NONE, ClaimQueue.EMPTY);
        indexNext.set(written.remove("ns/raced"));

        lifecycle.bind(claim, ClusterState.NONE, ClaimQueue.EMPTY);

        assertThat(written).isEmpty();
        assertThat(index.allocate(POOL, "ns/next")).hasValue(IpAddress.of("10.0.0.11"));
    }

    @Test
    void aClaimWaitingForItsPoolLooksAgainAfterTheRetryBound() {
        AddressIndex index = readyIndex();

        ClaimDecision decision = lifecycle(index).bind(claim("early", NOW), ClusterState.NONE, ClaimQueue.EMPTY);

        assertThat(decision.ready().reason()).isEqualTo(CapiNames.REASON_POOL_NOT_READY);
        assertThat(decision.requeueAfter()).contains(WAIT_RETRY);
        assertThat(waits.waitingFor(POOL)).containsExactly(new ResourceID("early", "ns"));
    }

    @Test
    void aClaimOfAPausedOrMissingClusterLooksAgainAfterTheRetryBound() {
        AddressIndex index = readyIndex();
        definePool(index);
        ClaimLifecycle lifecycle = lifecycle(index);

        assertThat(lifecycle
                        .bind(claim("a", NOW), ClusterState.PAUSED, ClaimQueue.EMPTY)
                        .requeueAfter())
                .contains(WAIT_RETRY);
        assertThat(lifecycle
                        .bind(claim("b", NOW), ClusterState.MISSING, ClaimQueue.EMPTY)
                        .requeueAfter())
                .contains(WAIT_RETRY);
        assertThat(waits.countWaitingFor(POOL)).isZero();
        assertThat(written).isEmpty();
    }

    @Test
    void aClaimServedAfterOneCreatedEarlierLeavesItTheLowerAddress() {
        AddressIndex index = readyIndex();
        definePool(index);
        ClaimLifecycle lifecycle = lifecycle(index);
        ClaimView first = claim("first", NOW);
        ClaimView second = claim("second", NOW.plusSeconds(1));
        ClaimQueue queue = queue(List.of(first, second));

        lifecycle.bind(second, ClusterState.NONE, queue);
        lifecycle.bind(first, ClusterState.NONE, queue);

        assertThat(written)
                .containsExactly(
                        Map.entry("ns/second", IpAddress.of("10.0.0.11")),
                        Map.entry("ns/first", IpAddress.of("10.0.0.10")));
    }

    @Test
    void anEarlierClaimThatWillNotTakeTheLowestAddressIsNotWaitedFor() {
        AddressIndex index = readyIndex();
        definePool(index);
        ClaimView paused = ClaimFixtures.view("paused", NOW, null, Map.of(CapiNames.PAUSED_ANNOTATION, ""));
        ClaimView requesting = ClaimFixtures.view(
                "requesting", NOW, null, Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, "10.0.0.12"));
        ClaimView later = claim("later", NOW.plusSeconds(1));

        lifecycle(index).bind(later, ClusterState.NONE, queue(List.of(paused, requesting, later)));

        assertThat(written).containsExactly(Map.entry("ns/later", IpAddress.of("10.0.0.10")));
    }

    @Test
    void claimsCreatedInTheSameSecondAreServedByName() {
        AddressIndex index = readyIndex();
        definePool(index);
        ClaimView a = claim("claim-a", NOW);
        ClaimView b = claim("claim-b", NOW);

        lifecycle(index).bind(b, ClusterState.NONE, queue(List.of(a, b)));

        assertThat(written).containsExactly(Map.entry("ns/claim-b", IpAddress.of("10.0.0.11")));
    }

    @Test
    void aLaterClaimFindsThePoolExhaustedWhenTheLastAddressIsLeftToAnEarlierOne() {
        AddressIndex index = readyIndex();
        index.updatePool(POOL, new PoolState("pool-uid", "ipam.cluster.x-k8s.io/v1alpha2", false, false, 0));
        index.define(POOL, layout("10.0.0.10"));
        ClaimView first = claim("first", NOW);
        ClaimView second = claim("second", NOW.plusSeconds(1));

        ClaimDecision decision = lifecycle(index).bind(second, ClusterState.NONE, queue(List.of(first, second)));

        assertThat(decision.ready().reason()).isEqualTo(CapiNames.REASON_POOL_EXHAUSTED);
        assertThat(decision.ready().message()).contains("after the 1 claim(s) created earlier");
        assertThat(written).isEmpty();
    }

    private ClaimLifecycle lifecycle(AddressIndex index) {
        PendingBinds pendingBinds = new PendingBinds();
        ClaimPlanExecutor executor = new ClaimPlanExecutor(
                index,
                new RecordingWriter(written),
                waits,
                pendingBinds,
                new ReuseGracePeriods(),
                new SilentEvents(),
                AllocationObservers.none(),
                IpamContract.V1BETA2);
        return new ClaimLifecycle(
                index,
                waits,
                pendingBinds,
                executor,
                AllocationObservers.none(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new WaitRetry(WAIT_RETRY));
    }

    private AddressIndex readyIndex() {
        return new AddressIndex(changes, IndexFixtures.ready());
    }

    private static void definePool(AddressIndex index) {
        index.define(POOL, layout("10.0.0.10-10.0.0.19"));
        index.updatePool(POOL, new PoolState("pool-uid", "ipam.cluster.x-k8s.io/v1alpha2", false, false, 0));
    }

    private static PoolLayout layout(String addresses) {
        return IpPoolDefinition.validate(IpPoolSpecification.of(List.of(addresses), 24, null))
                .definition()
                .orElseThrow();
    }

    private static ClaimView claim(String name, Instant created) {
        return ClaimFixtures.view(name, created, null);
    }

    private static ClaimQueue queue(List<ClaimView> unbound) {
        return new ClaimQueue() {
            @Override
            public List<ClaimView> unboundClaimsOf(PoolId pool) {
                return unbound;
            }

            @Override
            public ClusterState clusterOf(ClaimView claim) {
                return ClusterState.NONE;
            }
        };
    }

    /** Records each IPAddress the lifecycle writes instead of writing it. */
    private static final class RecordingWriter extends AddressWriter {
        private final Map<String, IpAddress> written;

        RecordingWriter(Map<String, IpAddress> written) {
            super(null);
            this.written = written;
        }

        @Override
        public void create(
                String addressApiVersion,
                ClaimView claim,
                PoolId pool,
                PoolState poolState,
                PoolLayout layout,
                IpAddress address) {
            written.put(claim.key(), address);
        }
    }

    private static final class SilentEvents extends EventRecorder {
        SilentEvents() {
            super(null);
        }

        @Override
        public void normal(io.fabric8.kubernetes.api.model.ObjectReference object, String reason, String message) {}

        @Override
        public void warning(io.fabric8.kubernetes.api.model.ObjectReference object, String reason, String message) {}
    }
}
