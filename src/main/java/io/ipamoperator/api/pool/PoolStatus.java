package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Status of every pool kind: the counters and (our addition) standard conditions such as {@code Ready}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolStatus {

    @JsonPropertyDescription("Counters of the pool's addresses.")
    public PoolAddressCounts ipAddresses;

    @JsonPropertyDescription("Conditions of the pool, e.g. Ready.")
    public List<Condition> conditions = new ArrayList<>();
}
