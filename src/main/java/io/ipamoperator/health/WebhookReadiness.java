package io.ipamoperator.health;

import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.webhook.WebhookLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this replica can answer the API server's webhook calls: its HTTPS server is up with a certificate,
 * the webhooks are registered, and the allocation index they decide from is built — on a standby too, since the
 * webhook Service sends calls to every ready replica. Always up when webhooks are off.
 */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {

    private final WebhookLifecycle webhooks;
    private final AddressIndex index;

    @Inject
    public WebhookReadiness(WebhookLifecycle webhooks, AddressIndex index) {
        this.webhooks = webhooks;
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("webhooks");
        if (!webhooks.enabled()) {
            return response.up().withData("webhooks", "off").build();
        }
        boolean ready = webhooks.ready() && index.readiness().isReady();
        response.status(ready).withData("server", webhooks.ready() ? "serving" : "starting");
        response.withData("index", index.readiness().isReady() ? "built" : "building");
        webhooks.lastError().ifPresent(error -> response.withData("error", error));
        return response.build();
    }
}
