/**
 * The IPAM side of an {@code IonosCloudMachine}: one claim per NIC and IP family with a pool reference, the
 * addresses reported in {@code status.machineNetworkInfo}, an {@code IPAddressesReady} condition, and clean release
 * of the claims when networks are removed or the machine is deleted.
 *
 * <p>{@link io.ipamoperator.machine.MachineDecider} plans each pass as a pure function of the machine and its
 * claims; {@link io.ipamoperator.machine.IonosCloudMachineReconciler} applies the plan and returns the status patch.
 */
package io.ipamoperator.machine;
