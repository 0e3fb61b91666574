package io.ipamoperator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The operator under test serves its webhooks on a free port and registers them with the test API server by URL,
 * as the local run does; the registration is removed when the application stops.
 */
public class WebhooksProfile implements QuarkusTestProfile {

    private final int port;

    public WebhooksProfile() {
        try {
            port = OperatorProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ipam.webhook.port", Integer.toString(port), "ipam.webhook.url", "https://127.0.0.1:" + port);
    }
}
