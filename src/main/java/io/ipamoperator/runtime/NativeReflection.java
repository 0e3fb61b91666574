package io.ipamoperator.runtime;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the native executable must be able to do reflectively that its build cannot see: the IP address library
 * ({@code com.github.seancfoley:ipaddress}) creates its networks' address arrays with {@code Array.newInstance}
 * (IPAddressNetwork's constructor, per IP version), which a native image refuses for array types nobody
 * registered (the webhooks failed with MissingReflectionRegistrationError on IPv4Address[] before this).
 */
@RegisterForReflection(targets = {IPv4Address[].class, IPv6Address[].class})
final class NativeReflection {

    private NativeReflection() {}
}
