package io.ipamoperator.netbox;

import java.util.List;

/**
 * Why a NetBox call did not do what was asked, in the terms a pool's condition or a claim's event needs: each kind
 * says what happened, names the NetBox, the prefix and the HTTP status where there is one, and what the user should
 * do. {@link #retryable()} tells a caller whether waiting (with back-off) can help by itself.
 *
 * <p>No message holds the token: bodies are cut to an excerpt and redacted before they get here.
 */
public sealed interface NetBoxProblem {

    /** One sentence or two for a condition, an event or a log line. */
    String message();

    /** Whether the same call may succeed later without anyone changing anything. */
    boolean retryable();

    /** NetBox did not answer: connection refused or reset, a time-out, a TLS failure, a 502/503/504 on the way. */
    record Unreachable(String netbox, String operation, String cause) implements NetBoxProblem {
        @Override
        public String message() {
            return "NetBox at " + netbox + " is unreachable (" + operation + ": " + cause
                    + "); check that NetBox runs and the URL, the network path and, for https, the CA bundle;"
                    + " claims wait and are retried";
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The token was refused (HTTP 401, or 403 with NetBox's authentication failure: invalid, disabled, expired). */
    record Unauthorized(String netbox, int status, String detail) implements NetBoxProblem {
        @Override
        public String message() {
            return "NetBox at " + netbox + " refused the API token (HTTP " + status + ": " + detail
                    + "); the token in the pool's connection Secret is wrong, revoked, disabled or expired:"
                    + " put a valid NetBox API token (nbt_<key>.<token>) into it";
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The token is valid but its user may not do this (HTTP 403 with a permission message). */
    record Forbidden(String netbox, String operation, String detail) implements NetBoxProblem {
        @Override
        public String message() {
            return "NetBox at " + netbox + " does not allow the token's user to " + operation + " (HTTP 403: " + detail
                    + "); grant that user the permission in NetBox (Admin > Permissions) or use another token";
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The prefix is not in NetBox (searched by CIDR and VRF, or its id answered 404). */
    record PrefixNotFound(String netbox, String prefix) implements NetBoxProblem {
        @Override
        public String message() {
            return "prefix " + prefix + " not found in NetBox at " + netbox
                    + "; create it in NetBox or correct the pool's prefixes (CIDR, VRF or id)";
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The prefix has fewer free addresses than asked for (HTTP 409, "Insufficient resources ..."). */
    record Exhausted(String netbox, String prefix, int requested, String detail) implements NetBoxProblem {
        @Override
        public String message() {
            return "prefix " + prefix + " in NetBox at " + netbox + " has fewer than " + requested
                    + " free address" + (requested == 1 ? "" : "es") + " (HTTP 409: " + detail
                    + "); add a prefix to the pool, enlarge this one in NetBox, or release addresses";
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * NetBox already holds an address for these claim UIDs (HTTP 400 from the custom field's {@code unique}): another
     * replica or an earlier reconcile allocated first. Not a failure for a caller that finds the existing address.
     */
    record AlreadyAllocated(String netbox, String prefix, List<String> claimUids) implements NetBoxProblem {
        public AlreadyAllocated {
            claimUids = List.copyOf(claimUids);
        }

        @Override
        public String message() {
            return "NetBox at " + netbox + " already holds an address for claim UID"
                    + (claimUids.size() == 1 ? " " : "s ") + String.join(", ", claimUids)
                    + " (HTTP 400, unique custom field) while allocating from " + prefix
                    + "; look the existing address up by the claim UID instead";
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** More than one address carries one claim UID: the field is not unique in NetBox, or was not when they came. */
    record Ambiguous(String netbox, String field, String claimUid, List<Long> addressIds) implements NetBoxProblem {
        public Ambiguous {
            addressIds = List.copyOf(addressIds);
        }

        @Override
        public String message() {
            return "NetBox at " + netbox + " holds " + addressIds.size() + " addresses with " + field + "="
                    + claimUid + " (ids " + addressIds + "); delete all but one in NetBox and make the custom field "
                    + field + " unique";
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /**
     * The claim-UID custom field or the ownership tag is missing or unfit, and the token may not fix it (or NetBox
     * ignored a filter on it, which it does for an unknown custom field).
     */
    record SetupMissing(String netbox, String what, String fix) implements NetBoxProblem {
        @Override
        public String message() {
            return "NetBox at " + netbox + ": " + what + "; " + fix;
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** Any other answer: the HTTP status and an excerpt of the body (a 400's field errors, a 500's exception). */
    record Refused(String netbox, String operation, int status, String excerpt) implements NetBoxProblem {
        @Override
        public String message() {
            return "NetBox at " + netbox + " answered HTTP " + status + " to " + operation
                    + (excerpt.isEmpty() ? "" : ": " + excerpt)
                    + (status >= 500
                            ? "; NetBox failed: see its log; the call is retried"
                            : "; check the pool's settings against NetBox (tenant, tags, custom fields, status)");
        }

        @Override
        public boolean retryable() {
            return status >= 500 || status == 429;
        }
    }
}
