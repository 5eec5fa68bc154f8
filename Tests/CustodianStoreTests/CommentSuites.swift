import Testing

/// Comments in the store on SQLite: always runs.
@Suite("Comment store on SQLite")
struct CommentSQLiteTests {
    @Test func sealedAtRestAndOpenedOnlyWithAccess() async throws { try await CommentBehaviours.sealedAtRestAndOpenedOnlyWithAccess(.sqlite) }
    @Test func firstCommentsAreHeld() async throws { try await CommentBehaviours.firstCommentsAreHeldAndApprovedAddressesGoStraightUp(.sqlite) }
    @Test func listsArePaged() async throws { try await CommentBehaviours.listsArePagedNewestFirstByPageAndStatus(.sqlite) }
    @Test func erasingShredsTheKey() async throws { try await CommentBehaviours.erasingShredsTheKeyByIdAndByAddress(.sqlite) }
    @Test func erasingAPersonRemovesTheirComments() async throws { try await CommentBehaviours.erasingAPersonRemovesTheirCommentsSignedInAndOut(.sqlite) }
}

/// The same on PostgreSQL, when `CUSTODIAN_TEST_POSTGRES_URL` names a server.
@Suite("Comment store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct CommentPostgresTests {
    @Test func sealedAtRestAndOpenedOnlyWithAccess() async throws { try await CommentBehaviours.sealedAtRestAndOpenedOnlyWithAccess(.postgres) }
    @Test func firstCommentsAreHeld() async throws { try await CommentBehaviours.firstCommentsAreHeldAndApprovedAddressesGoStraightUp(.postgres) }
    @Test func listsArePaged() async throws { try await CommentBehaviours.listsArePagedNewestFirstByPageAndStatus(.postgres) }
    @Test func erasingShredsTheKey() async throws { try await CommentBehaviours.erasingShredsTheKeyByIdAndByAddress(.postgres) }
    @Test func erasingAPersonRemovesTheirComments() async throws { try await CommentBehaviours.erasingAPersonRemovesTheirCommentsSignedInAndOut(.postgres) }
}
