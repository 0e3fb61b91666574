package io.ipamoperator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ipamoperator.testing.ControlPlaneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The operator, started against the real API server, answers its health and metrics endpoints. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class HealthAndMetricsApiServerTest {

    @Test
    void readinessIsUpOnceTheIndexIsBuiltAndSaysThisReplicaDecidesAlone() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'allocation' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'allocation' }.data.role", equalTo("sole"))
                .body("checks.find { it.name == 'allocation' }.data.index", equalTo("built"));
    }

    @Test
    void startupIsUpOnceTheIndexIsBuilt() {
        given().get("/q/health/started")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'allocation-index' }.status", equalTo("UP"));
    }

    @Test
    void livenessChecksTheCaches() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'caches' }.status", equalTo("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
