import Testing

/// The outbox, campaigns and sign-in challenges on SQLite: always runs.
@Suite("Messaging store on SQLite")
struct MessagingSQLiteTests {
    @Test func outboxClaimsAreLeasesAndOutcomesAreFinal() async throws { try await MessagingBehaviours.outboxClaimsAreLeasesAndOutcomesAreFinal(.sqlite) }
    @Test func concurrentClaimersTakeDisjointBatches() async throws { try await MessagingBehaviours.concurrentClaimersTakeDisjointBatches(.sqlite) }
    @Test func payloadsAreSealedAndGoWithThePerson() async throws { try await MessagingBehaviours.payloadsAreSealedOpenOnlyWithTheirAccessAndGoWithThePerson(.sqlite) }
    @Test func queuingACampaignDrawsItsAudienceOnce() async throws { try await MessagingBehaviours.queuingACampaignDrawsItsAudienceOnceWithTheReasons(.sqlite) }
    @Test func challengesCountAttemptsExpireAndOpenOnce() async throws { try await MessagingBehaviours.challengesCountAttemptsExpireAndOpenOnce(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Messaging store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct MessagingPostgresTests {
    @Test func outboxClaimsAreLeasesAndOutcomesAreFinal() async throws { try await MessagingBehaviours.outboxClaimsAreLeasesAndOutcomesAreFinal(.postgres) }
    @Test func concurrentClaimersTakeDisjointBatches() async throws { try await MessagingBehaviours.concurrentClaimersTakeDisjointBatches(.postgres) }
    @Test func payloadsAreSealedAndGoWithThePerson() async throws { try await MessagingBehaviours.payloadsAreSealedOpenOnlyWithTheirAccessAndGoWithThePerson(.postgres) }
    @Test func queuingACampaignDrawsItsAudienceOnce() async throws { try await MessagingBehaviours.queuingACampaignDrawsItsAudienceOnceWithTheReasons(.postgres) }
    @Test func challengesCountAttemptsExpireAndOpenOnce() async throws { try await MessagingBehaviours.challengesCountAttemptsExpireAndOpenOnce(.postgres) }
}
