package io.ipamoperator.events;

/**
 * A condition of one of our objects changed in a way a person should hear of: a Warning Event when it turned
 * unhealthy, a Normal one when it recovered. Every decider (claims, pools, machines) returns these in its plan, and
 * {@link EventRecorder#record} turns one into an Event.
 *
 * @param warning true for a Warning Event, false for a Normal one
 * @param condition the condition's type ({@code Ready}, {@code IPAddressesReady}, ...)
 * @param reason the condition's reason, also the Event's
 * @param message what the user reads
 */
public record ConditionTransition(boolean warning, String condition, String reason, String message) {}
