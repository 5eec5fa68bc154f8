import Testing

/// The store suite on SQLite: always runs.
@Suite("Store on SQLite")
struct SQLiteStoreTests {
    @Test func migrationsAreIdempotent() async throws { try await StoreBehaviours.migrationsAreIdempotent(.sqlite) }
    @Test func auditRecordsAreChainedAndVerify() async throws { try await StoreBehaviours.auditRecordsAreChainedAndVerify(.sqlite) }
    @Test func concurrentAuditRecordsStayTotal() async throws { try await StoreBehaviours.concurrentAuditRecordsStayTotal(.sqlite) }
    @Test func twoWritersShareOneChain() async throws { try await StoreBehaviours.twoWritersShareOneChain(.sqlite) }
    @Test func auditLogRefusesUpdates() async throws { try await StoreBehaviours.auditLogRefusesUpdates(.sqlite) }
    @Test func personAttributesAreSealedAndFoundByBlindIndex() async throws { try await StoreBehaviours.personAttributesAreSealedAndFoundByBlindIndex(.sqlite) }
    @Test func duplicateLookupIsAConflict() async throws { try await StoreBehaviours.duplicateLookupIsAConflict(.sqlite) }
    @Test func valueMovedToAnotherPersonDoesNotOpen() async throws { try await StoreBehaviours.valueMovedToAnotherPersonDoesNotOpen(.sqlite) }
    @Test func erasureShredsTheDataKey() async throws { try await StoreBehaviours.erasureShredsTheDataKey(.sqlite) }
    @Test func keyRotationRewrapsEveryDataKey() async throws { try await StoreBehaviours.keyRotationRewrapsEveryDataKey(.sqlite) }
    @Test func apiKeysAreHashedScopedAndRevocable() async throws { try await StoreBehaviours.apiKeysAreHashedScopedAndRevocable(.sqlite) }
}

/// The same suite on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PostgresStoreTests {
    @Test func migrationsAreIdempotent() async throws { try await StoreBehaviours.migrationsAreIdempotent(.postgres) }
    @Test func auditRecordsAreChainedAndVerify() async throws { try await StoreBehaviours.auditRecordsAreChainedAndVerify(.postgres) }
    @Test func concurrentAuditRecordsStayTotal() async throws { try await StoreBehaviours.concurrentAuditRecordsStayTotal(.postgres) }
    @Test func twoWritersShareOneChain() async throws { try await StoreBehaviours.twoWritersShareOneChain(.postgres) }
    @Test func auditLogRefusesUpdates() async throws { try await StoreBehaviours.auditLogRefusesUpdates(.postgres) }
    @Test func personAttributesAreSealedAndFoundByBlindIndex() async throws { try await StoreBehaviours.personAttributesAreSealedAndFoundByBlindIndex(.postgres) }
    @Test func duplicateLookupIsAConflict() async throws { try await StoreBehaviours.duplicateLookupIsAConflict(.postgres) }
    @Test func valueMovedToAnotherPersonDoesNotOpen() async throws { try await StoreBehaviours.valueMovedToAnotherPersonDoesNotOpen(.postgres) }
    @Test func erasureShredsTheDataKey() async throws { try await StoreBehaviours.erasureShredsTheDataKey(.postgres) }
    @Test func keyRotationRewrapsEveryDataKey() async throws { try await StoreBehaviours.keyRotationRewrapsEveryDataKey(.postgres) }
    @Test func apiKeysAreHashedScopedAndRevocable() async throws { try await StoreBehaviours.apiKeysAreHashedScopedAndRevocable(.postgres) }
}
