/** What is decided once per process and injected: the clock, the contract version, the Cluster version. */
package io.ipamoperator.runtime;
