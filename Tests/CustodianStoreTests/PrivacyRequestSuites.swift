import Testing

/// Privacy requests in the store on SQLite: always runs.
@Suite("Privacy requests store on SQLite")
struct PrivacyRequestSQLiteTests {
    @Test func sealedDueAndReadOnlyWithTheirToken() async throws { try await PrivacyRequestBehaviours.filedRequestsAreSealedDueAfterTheirDeadlineAndReadOnlyWithTheirToken(.sqlite) }
    @Test func aCodeVerifiesOnceWithinItsLifeAndAttempts() async throws { try await PrivacyRequestBehaviours.aCodeVerifiesOnceWithinItsLifeAndAttempts(.sqlite) }
    @Test func transitionsFollowTheStatusesAndAreRecorded() async throws { try await PrivacyRequestBehaviours.transitionsFollowTheStatusesAndAreRecorded(.sqlite) }
    @Test func exportSealedForThePersonErasureShredsContact() async throws { try await PrivacyRequestBehaviours.anExportIsSealedForThePersonAndErasureShredsTheContact(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Privacy requests store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PrivacyRequestPostgresTests {
    @Test func sealedDueAndReadOnlyWithTheirToken() async throws { try await PrivacyRequestBehaviours.filedRequestsAreSealedDueAfterTheirDeadlineAndReadOnlyWithTheirToken(.postgres) }
    @Test func aCodeVerifiesOnceWithinItsLifeAndAttempts() async throws { try await PrivacyRequestBehaviours.aCodeVerifiesOnceWithinItsLifeAndAttempts(.postgres) }
    @Test func transitionsFollowTheStatusesAndAreRecorded() async throws { try await PrivacyRequestBehaviours.transitionsFollowTheStatusesAndAreRecorded(.postgres) }
    @Test func exportSealedForThePersonErasureShredsContact() async throws { try await PrivacyRequestBehaviours.anExportIsSealedForThePersonAndErasureShredsTheContact(.postgres) }
}
