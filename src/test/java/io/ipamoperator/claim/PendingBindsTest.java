package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingBindsTest {

    private final PendingBinds binds = new PendingBinds();

    @Test
    void aWrittenClaimIsBoundForTheFirstTimeOnlyOnce() {
        binds.written(claim("a"));

        assertThat(binds.awaited(claim("a"))).isTrue();
        binds.bound(claim("a"));
        // a later reconcile that sees the claim's status from before its bind patch
        assertThat(binds.awaited(claim("a"))).isFalse();
    }

    @Test
    void aClaimThisProcessDidNotWriteForIsNoFirstBind() {
        binds.written(claim("a"));

        assertThat(binds.awaited(claim("adopted"))).isFalse();
    }

    @Test
    void aReleasedClaimIsNoLongerPending() {
        binds.written(claim("a"));
        binds.forget(claim("a"));

        assertThat(binds.awaited(claim("a"))).isFalse();
    }

    private static ClaimView claim(String name) {
        return ClaimFixtures.view(name, Instant.now(), null);
    }
}
