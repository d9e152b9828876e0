package io.jenkins.plugins.promotiongates.engine.audit;

import java.time.Clock;

class InMemoryAuditStoreTest extends AbstractAuditStoreTest {
    @Override
    protected AuditStore createStore(Clock clock) {
        return new InMemoryAuditStore(clock);
    }
}
