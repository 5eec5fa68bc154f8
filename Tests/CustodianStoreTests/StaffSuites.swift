import Testing

/// Console accounts and sessions in the store on SQLite: always runs.
@Suite("Staff store on SQLite")
struct StaffSQLiteTests {
    @Test func accountsAreSealedAndUnique() async throws { try await StaffBehaviours.accountsAreSealedFoundByBlindIndexAndUnique(.sqlite) }
    @Test func failuresLockAndSuccessResets() async throws { try await StaffBehaviours.failuresLockAndSuccessResets(.sqlite) }
    @Test func passwordChangeClearsTheOneTimeFlag() async throws { try await StaffBehaviours.passwordChangeClearsTheOneTimeFlag(.sqlite) }
    @Test func sessionsAreHashedAndExpire() async throws { try await StaffBehaviours.sessionsAreHashedExpireAndEndWithTheAccount(.sqlite) }
    @Test func auditBrowsingIsNewestFirstWithFilters() async throws { try await StaffBehaviours.auditBrowsingIsNewestFirstWithFilters(.sqlite) }
    @Test func inventoryCountsByCategoryAndSource() async throws { try await StaffBehaviours.inventoryCountsByCategoryAndSource(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Staff store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct StaffPostgresTests {
    @Test func accountsAreSealedAndUnique() async throws { try await StaffBehaviours.accountsAreSealedFoundByBlindIndexAndUnique(.postgres) }
    @Test func failuresLockAndSuccessResets() async throws { try await StaffBehaviours.failuresLockAndSuccessResets(.postgres) }
    @Test func passwordChangeClearsTheOneTimeFlag() async throws { try await StaffBehaviours.passwordChangeClearsTheOneTimeFlag(.postgres) }
    @Test func sessionsAreHashedAndExpire() async throws { try await StaffBehaviours.sessionsAreHashedExpireAndEndWithTheAccount(.postgres) }
    @Test func auditBrowsingIsNewestFirstWithFilters() async throws { try await StaffBehaviours.auditBrowsingIsNewestFirstWithFilters(.postgres) }
    @Test func inventoryCountsByCategoryAndSource() async throws { try await StaffBehaviours.inventoryCountsByCategoryAndSource(.postgres) }
}
