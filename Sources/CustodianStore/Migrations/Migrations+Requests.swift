extension Migrations {
    /// Privacy requests from people who are not signed in or act through the API (issue 8
    /// item 2; versions 62–63 are this capability's).
    ///
    /// Nothing here is readable at rest: the requester's email, the details and staff notes are
    /// sealed with a data key made for the request alone (`privacy-request:<id>`), the address is
    /// findable only through the blind index, the status token and the one-time code are kept as
    /// digests, and an access request's export is sealed with the person's own key (so erasing
    /// the person shreds it). `person_id` has no foreign key on purpose: the record of a request
    /// outlives the erasure it asked for.
    static let privacyRequests = Migration(version: 62, name: "privacy_requests") { _ in
        [
            """
            CREATE TABLE privacy_requests (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                channel TEXT NOT NULL,
                person_id TEXT,
                key_subject TEXT NOT NULL,
                requester_email {blob},
                email_digest {blob},
                details {blob},
                purpose TEXT,
                token_hash {blob} NOT NULL,
                code_digest {blob},
                code_expires_at {bigint},
                code_attempts INTEGER NOT NULL,
                codes_sent INTEGER NOT NULL,
                outcome TEXT,
                result_sealed {blob},
                result_expires_at {bigint},
                created_at {bigint} NOT NULL,
                due_at {bigint} NOT NULL,
                verified_at {bigint},
                completed_at {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX privacy_requests_queue ON privacy_requests (status, due_at, id)",
            "CREATE INDEX privacy_requests_due ON privacy_requests (due_at, id)",
            "CREATE INDEX privacy_requests_person ON privacy_requests (person_id)",
            "CREATE INDEX privacy_requests_email ON privacy_requests (email_digest)",
            """
            CREATE TABLE privacy_request_events (
                request_id TEXT NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                at {bigint} NOT NULL,
                actor TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                note {blob},
                PRIMARY KEY (request_id, seq)
            )
            """,
        ]
    }
}
