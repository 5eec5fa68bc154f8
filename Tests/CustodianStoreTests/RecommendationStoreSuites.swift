import Testing

/// The catalogue and the recommendation readers on SQLite: always runs.
@Suite("Recommendation store on SQLite")
struct RecommendationStoreSQLiteTests {
    @Test func catalogueKeepsItemsPagesThemAndNamesConflicts() async throws { try await RecommendationStoreBehaviours.catalogueKeepsItemsPagesThemAndNamesConflicts(.sqlite) }
    @Test func storedViewsArePagedAndOnlyPeoplesNonBotViews() async throws { try await RecommendationStoreBehaviours.storedViewsArePagedAndOnlyPeoplesNonBotViews(.sqlite) }
    @Test func ledgerRecordsAreReadByPurposeForEveryone() async throws { try await RecommendationStoreBehaviours.ledgerRecordsAreReadByPurposeForEveryone(.sqlite) }
    @Test func serviceAttributesAndActivityOpenOnlyWithTheirAccess() async throws { try await RecommendationStoreBehaviours.serviceAttributesAndActivityOpenOnlyWithTheirAccess(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Recommendation store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct RecommendationStorePostgresTests {
    @Test func catalogueKeepsItemsPagesThemAndNamesConflicts() async throws { try await RecommendationStoreBehaviours.catalogueKeepsItemsPagesThemAndNamesConflicts(.postgres) }
    @Test func storedViewsArePagedAndOnlyPeoplesNonBotViews() async throws { try await RecommendationStoreBehaviours.storedViewsArePagedAndOnlyPeoplesNonBotViews(.postgres) }
    @Test func ledgerRecordsAreReadByPurposeForEveryone() async throws { try await RecommendationStoreBehaviours.ledgerRecordsAreReadByPurposeForEveryone(.postgres) }
    @Test func serviceAttributesAndActivityOpenOnlyWithTheirAccess() async throws { try await RecommendationStoreBehaviours.serviceAttributesAndActivityOpenOnlyWithTheirAccess(.postgres) }
}
