package io.ipamoperator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.ipamoperator.testing.ControlPlaneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The operator, started against the real API server, answers its health and metrics endpoints. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class HealthAndMetricsTest {

    @Test
    void readinessIsUpOnceTheOperatorRuns() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
