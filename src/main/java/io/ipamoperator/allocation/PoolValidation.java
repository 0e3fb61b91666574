package io.ipamoperator.allocation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The outcome of validating a pool spec: the definition, or every violation found. */
public record PoolValidation<D>(Optional<D> definition, List<Violation> violations) {

    static <D> PoolValidation<D> valid(D definition) {
        return new PoolValidation<>(Optional.of(definition), List.of());
    }

    static <D> PoolValidation<D> invalid(List<Violation> violations) {
        return new PoolValidation<>(Optional.empty(), List.copyOf(violations));
    }

    public boolean isValid() {
        return definition.isPresent();
    }

    /** All violations in one line, for a condition message or a log line. */
    public String message() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
