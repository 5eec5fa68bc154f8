import Testing

/// Contact messages and surveys in the store on SQLite: always runs.
@Suite("Customer service store on SQLite")
struct CustomerServiceSQLiteTests {
    @Test func messagesAreSealedAndOpenOnlyWithTheirAccess() async throws { try await CustomerServiceBehaviours.personAndVisitorMessagesAreSealedAndOpenOnlyWithTheirAccess(.sqlite) }
    @Test func visitorsAreFoundByEmailAndErasedByShredding() async throws { try await CustomerServiceBehaviours.visitorsAreFoundByEmailAndErasedByShreddingTheirKey(.sqlite) }
    @Test func messagesAreListedByPageAndStatus() async throws { try await CustomerServiceBehaviours.messagesAreListedNewestFirstByPageAndStatus(.sqlite) }
    @Test func erasingAPersonRemovesTheirMessagesAndResponses() async throws { try await CustomerServiceBehaviours.erasingAPersonRemovesTheirMessagesAndResponses(.sqlite) }
    @Test func surveyResultsCountAndTextOpensOnlyWithAccess() async throws { try await CustomerServiceBehaviours.surveyResultsCountWithoutTextAndTextOpensOnlyWithAccess(.sqlite) }
    @Test func onePersonAnswersOnceAndClosedSurveysRefuse() async throws { try await CustomerServiceBehaviours.onePersonAnswersOnceAndClosedSurveysRefuse(.sqlite) }
    @Test func visitorKeysAreRewrappedByKeyRotation() async throws { try await CustomerServiceBehaviours.visitorKeysAreRewrappedByKeyRotation(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Customer service store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct CustomerServicePostgresTests {
    @Test func messagesAreSealedAndOpenOnlyWithTheirAccess() async throws { try await CustomerServiceBehaviours.personAndVisitorMessagesAreSealedAndOpenOnlyWithTheirAccess(.postgres) }
    @Test func visitorsAreFoundByEmailAndErasedByShredding() async throws { try await CustomerServiceBehaviours.visitorsAreFoundByEmailAndErasedByShreddingTheirKey(.postgres) }
    @Test func messagesAreListedByPageAndStatus() async throws { try await CustomerServiceBehaviours.messagesAreListedNewestFirstByPageAndStatus(.postgres) }
    @Test func erasingAPersonRemovesTheirMessagesAndResponses() async throws { try await CustomerServiceBehaviours.erasingAPersonRemovesTheirMessagesAndResponses(.postgres) }
    @Test func surveyResultsCountAndTextOpensOnlyWithAccess() async throws { try await CustomerServiceBehaviours.surveyResultsCountWithoutTextAndTextOpensOnlyWithAccess(.postgres) }
    @Test func onePersonAnswersOnceAndClosedSurveysRefuse() async throws { try await CustomerServiceBehaviours.onePersonAnswersOnceAndClosedSurveysRefuse(.postgres) }
    @Test func visitorKeysAreRewrappedByKeyRotation() async throws { try await CustomerServiceBehaviours.visitorKeysAreRewrappedByKeyRotation(.postgres) }
}
