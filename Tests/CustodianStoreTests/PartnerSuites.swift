import Testing

/// Partners and out-of-scope records in the store on SQLite: always runs.
@Suite("Partners store on SQLite")
struct PartnerSQLiteTests {
    @Test func registryWrapsSecrets() async throws { try await PartnerBehaviours.registryWrapsSecretsShowsThemOnceAndRotationRewrapsThem(.sqlite) }
    @Test func referencesResolveOnlyForTheirPartner() async throws { try await PartnerBehaviours.referencesResolveOnlyForThePartnerTheyWereIssuedTo(.sqlite) }
    @Test func inboundRecordsAreSealedUnderTheirSource() async throws { try await PartnerBehaviours.inboundRecordsAreSealedUnderTheirSourceAndGoWithThePerson(.sqlite) }
    @Test func sharesAreLoggedAndAudited() async throws { try await PartnerBehaviours.sharesAreLoggedWithTheirAuditEntryAndWithoutValues(.sqlite) }
    @Test func withdrawalTellsOnlyRecipientsOnce() async throws { try await PartnerBehaviours.withdrawalTellsOnlyPartnersThatReceivedAndOnlyOnce(.sqlite) }
    @Test func erasureNoticesHoldOnlyTheReference() async throws { try await PartnerBehaviours.erasureLeavesNoticesThatHoldOnlyTheReference(.sqlite) }
    @Test func claimsAreLeasedAndDisjoint() async throws { try await PartnerBehaviours.claimsAreLeasedDisjointAndOnlyTheHolderCompletes(.sqlite) }
    @Test func failuresBackOffAndCanBeRetried() async throws { try await PartnerBehaviours.failuresBackOffFailAndCanBeRetried(.sqlite) }
    @Test func outOfScopeRecordsAreSealed() async throws { try await OutOfScopeBehaviours.recordsAreSealedAndListedForTheirPerson(.sqlite) }
    @Test func erasureKeepsDetachedRecordsOnly() async throws { try await OutOfScopeBehaviours.erasureKeepsWhatThePolicyKeepsDetachedAndNoPersonalDataSurvives(.sqlite) }
    @Test func erasingWithoutRulesKeepsNothing() async throws { try await OutOfScopeBehaviours.erasingWithoutRulesKeepsNothing(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Partners store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PartnerPostgresTests {
    @Test func registryWrapsSecrets() async throws { try await PartnerBehaviours.registryWrapsSecretsShowsThemOnceAndRotationRewrapsThem(.postgres) }
    @Test func referencesResolveOnlyForTheirPartner() async throws { try await PartnerBehaviours.referencesResolveOnlyForThePartnerTheyWereIssuedTo(.postgres) }
    @Test func inboundRecordsAreSealedUnderTheirSource() async throws { try await PartnerBehaviours.inboundRecordsAreSealedUnderTheirSourceAndGoWithThePerson(.postgres) }
    @Test func sharesAreLoggedAndAudited() async throws { try await PartnerBehaviours.sharesAreLoggedWithTheirAuditEntryAndWithoutValues(.postgres) }
    @Test func withdrawalTellsOnlyRecipientsOnce() async throws { try await PartnerBehaviours.withdrawalTellsOnlyPartnersThatReceivedAndOnlyOnce(.postgres) }
    @Test func erasureNoticesHoldOnlyTheReference() async throws { try await PartnerBehaviours.erasureLeavesNoticesThatHoldOnlyTheReference(.postgres) }
    @Test func claimsAreLeasedAndDisjoint() async throws { try await PartnerBehaviours.claimsAreLeasedDisjointAndOnlyTheHolderCompletes(.postgres) }
    @Test func failuresBackOffAndCanBeRetried() async throws { try await PartnerBehaviours.failuresBackOffFailAndCanBeRetried(.postgres) }
    @Test func outOfScopeRecordsAreSealed() async throws { try await OutOfScopeBehaviours.recordsAreSealedAndListedForTheirPerson(.postgres) }
    @Test func erasureKeepsDetachedRecordsOnly() async throws { try await OutOfScopeBehaviours.erasureKeepsWhatThePolicyKeepsDetachedAndNoPersonalDataSurvives(.postgres) }
    @Test func erasingWithoutRulesKeepsNothing() async throws { try await OutOfScopeBehaviours.erasingWithoutRulesKeepsNothing(.postgres) }
}
