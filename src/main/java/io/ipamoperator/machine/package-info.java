/**
 * The IPAM side of an {@code IonosCloudMachine}: one claim per NIC and IP family with a pool reference, the
 * addresses reported in {@code status.machineNetworkInfo}, an {@code IPAddressesReady} condition, and clean release
 * of the claims when networks are removed or the machine is deleted.
 */
package io.ipamoperator.machine;
