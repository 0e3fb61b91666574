package io.ipamoperator.machine;

import io.ipamoperator.api.capi.PoolReference;

/**
 * One claim a machine needs: for its primary NIC ({@code networkID} null) or an additional network, in one IP
 * family, from one pool. Names follow the IONOS provider exactly: {@code nic-<machine>-ipv4} for the primary NIC,
 * {@code nic-<machine>-<networkID>-ipv4} for an additional network (the LAN ID, not the list index).
 */
public record NicClaim(int nicIndex, Integer networkID, Family family, PoolReference poolRef, String claimName) {

    public enum Family {
        IPV4("ipv4"),
        IPV6("ipv6");

        private final String suffix;

        Family(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    public static String claimName(String machine, Integer networkID, Family family) {
        return networkID == null
                ? "nic-" + machine + "-" + family.suffix()
                : "nic-" + machine + "-" + networkID + "-" + family.suffix();
    }

    public boolean primary() {
        return networkID == null;
    }
}
