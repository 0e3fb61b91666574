package io.ipamoperator.index;

/**
 * What claims need to know of a pool besides its layout: its UID (the IPAddress owner reference), whether it is
 * paused or being deleted, and its address reuse grace period.
 */
public record PoolState(String uid, String apiVersion, boolean paused, boolean deleting, int gracePeriodSeconds) {}
