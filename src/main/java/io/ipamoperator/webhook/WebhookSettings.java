package io.ipamoperator.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * How the admission and conversion webhooks are served ({@code ipam.webhook.*}, environment {@code IPAM_WEBHOOK_*}).
 */
@ConfigMapping(prefix = "ipam.webhook")
public interface WebhookSettings {

    /** The HTTPS port of the webhook server; 0 serves no webhooks (and registers none). */
    @WithDefault("9443")
    int port();

    /**
     * The base URL at which the API server reaches this process (e.g. {@code https://127.0.0.1:9443}), for a run
     * outside the cluster: the operator then registers URL-based webhook configurations for itself. Unset in a
     * cluster, where the chart's configurations point at the webhook Service.
     */
    Optional<URI> url();

    /**
     * A directory holding {@code tls.crt} and {@code tls.key} provided by someone else (cert-manager); when set the
     * operator neither issues certificates nor touches any {@code caBundle}.
     */
    Optional<String> certificateDir();

    /** The Secret (in the operator's namespace) that holds the self-managed CA and serving certificate. */
    @WithDefault("ipam-operator-webhook-cert")
    String certificateSecret();

    /** The webhook Service, whose in-cluster DNS names the serving certificate covers. */
    @WithDefault("ipam-operator-webhook")
    String service();

    /** The namespace of the certificate Secret and the Service; default the client's namespace, else default. */
    Optional<String> namespace();

    /** The names of the webhook configurations this operator keeps the {@code caBundle} of (or registers). */
    @WithDefault("ipam-operator")
    String configurationPrefix();

    default boolean enabled() {
        return port() > 0;
    }
}
