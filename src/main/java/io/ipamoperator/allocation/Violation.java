package io.ipamoperator.allocation;

/**
 * One reason a pool spec is invalid: the field path (as the API server reports it, e.g. {@code spec.addresses}),
 * the offending value if any, and the message (the in-cluster provider's wording where it has one).
 */
public record Violation(String field, String value, String message) {

    @Override
    public String toString() {
        return value == null ? field + ": " + message : field + ": Invalid value: \"" + value + "\": " + message;
    }
}
