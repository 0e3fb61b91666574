package io.ipamoperator.webhook;

import java.util.Map;
import java.util.function.UnaryOperator;

/** Webhooks the server answers: each path maps a posted review (JSON) to the answered review. */
public interface WebhookRoutes {

    Map<String, UnaryOperator<String>> routes();
}
