package io.ipamoperator.pool;

import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.events.ConditionTransition;
import java.util.List;

/**
 * What one pass over a pool is to do, as {@link PoolDecider} decides it: the status to write, whether it changes
 * anything, and the Events its condition changes call for (a Warning, and a log line, for each that turned
 * unhealthy).
 */
public record PoolPlan(PoolStatus status, boolean changed, List<ConditionTransition> transitions) {

    public PoolPlan {
        transitions = List.copyOf(transitions);
    }
}
