package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, fleet-wide signals: two controllers (two services, each with its own connection pool) on one real
 * PostgreSQL store. An identity that spreads its denied requests over both controllers is counted once, across
 * them, and the quarantine one controller raises is enforced by the other at its very next decision.
 */
class FleetQuarantinePostgresTest {
    private static final Requester ALICE = Requester.human("alice");
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startServer() throws IOException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        postgres.close();
    }

    @Test
    void shouldEnforceAQuarantineRaisedOnOneServiceOnASecondServiceOnTheSamePostgresStore() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA fleet");
        }
        String url = postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=fleet";
        ServiceFixture fixture = new ServiceFixture();
        PostgresSettings settings = new PostgresSettings(url, "postgres", null, 2, Duration.ofSeconds(10));
        try (PostgresAuditStore storeA = PostgresAuditStore.open(settings, fixture.clock);
                PostgresAuditStore storeB = PostgresAuditStore.open(settings, fixture.clock)) {
            DefaultPromotionService a = fixture.service(storeA);
            DefaultPromotionService b = fixture.service(storeB);

            // three denials (the policy's threshold), spread over both controllers: neither holds three alone
            assertThat(gate(a, "qa", ALICE, run("1"), pom()).outcome()).isEqualTo(Outcome.DENY);
            assertThat(gate(b, "qa", ALICE, run("2"), pom()).outcome()).isEqualTo(Outcome.DENY);
            assertThat(allEvents(storeB, AuditEventType.QUARANTINE)).isEmpty();
            assertThat(gate(a, "qa", ALICE, run("3"), pom()).outcome()).isEqualTo(Outcome.DENY);
            assertThat(allEvents(storeB, AuditEventType.QUARANTINE)).singleElement()
                    .satisfies(q -> assertThat(q.payloadValue(PayloadKeys.SUBJECT)).isEqualTo("user:alice"));

            Decision onB = gate(b, "staging", ALICE, run("4"), pom());

            assertDeniedAndAudited(storeB, onB, ReasonCode.IDENTITY_QUARANTINED);
            assertThat(a.anomalyCounts(Identity.user("alice"))).isEqualTo(b.anomalyCounts(Identity.user("alice")));
            assertThat(b.liftQuarantine("user:alice", "admin", "reviewed: a misconfigured job")).isTrue();
            fixture.clock.advance(Duration.ofMinutes(11));
            Decision onA = gate(a, "staging", ALICE, run("5"), pom());
            assertThat(onA.outcome()).as("lifted on B, free on A: %s", onA).isEqualTo(Outcome.ALLOW);
            assertThat(ChainVerifier.verify(storeA).isIntact()).isTrue();
        }
    }
}
