extension Migrations {
    /// The partner registry, pseudonymous references, the share log and the webhook outbox
    /// (Partners, issue 7; versions 50–59 are this capability's).
    ///
    /// Nothing here holds personal data in the clear: partners are businesses; a reference is an
    /// HMAC issued per (partner, person); the share log names categories, never values; the outbox
    /// keeps the partner's reference only, so an erasure notice can still go out after the
    /// person's rows are gone. Signing secrets are wrapped in `keyring_secrets`.
    static let partners = Migration(version: 50, name: "partners") { _ in
        [
            """
            CREATE TABLE partners (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                contact TEXT NOT NULL,
                recipient TEXT NOT NULL,
                categories TEXT NOT NULL,
                source_categories TEXT NOT NULL,
                webhook_url TEXT,
                push INTEGER NOT NULL,
                status TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE partner_purposes (
                partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                PRIMARY KEY (partner_id, purpose)
            )
            """,
            "CREATE INDEX partner_purposes_purpose ON partner_purposes (purpose)",
            "ALTER TABLE api_keys ADD COLUMN partner_id TEXT REFERENCES partners (id)",
            """
            CREATE TABLE partner_refs (
                partner_id TEXT NOT NULL REFERENCES partners (id),
                ref TEXT NOT NULL,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                issued_at {bigint} NOT NULL,
                PRIMARY KEY (partner_id, ref)
            )
            """,
            "CREATE UNIQUE INDEX partner_refs_person ON partner_refs (person_id, partner_id)",
            """
            CREATE TABLE partner_shares (
                id TEXT PRIMARY KEY,
                partner_id TEXT NOT NULL REFERENCES partners (id),
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                categories TEXT NOT NULL,
                channel TEXT NOT NULL,
                request_id TEXT,
                shared_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX partner_shares_person ON partner_shares (person_id, purpose, shared_at)",
            "CREATE INDEX partner_shares_partner ON partner_shares (partner_id, shared_at)",
            """
            CREATE TABLE partner_webhooks (
                id TEXT PRIMARY KEY,
                partner_id TEXT NOT NULL REFERENCES partners (id),
                type TEXT NOT NULL,
                ref TEXT NOT NULL,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                purpose TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at {bigint} NOT NULL,
                claimed_by TEXT,
                claimed_until {bigint},
                last_status INTEGER,
                last_error TEXT,
                share_logged INTEGER NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                delivered_at {bigint}
            )
            """,
            "CREATE INDEX partner_webhooks_due ON partner_webhooks (status, next_attempt_at)",
            "CREATE INDEX partner_webhooks_partner ON partner_webhooks (partner_id, created_at)",
            "CREATE INDEX partner_webhooks_ref ON partner_webhooks (partner_id, ref, type)",
            """
            CREATE TABLE partner_webhook_attempts (
                webhook_id TEXT NOT NULL REFERENCES partner_webhooks (id) ON DELETE CASCADE,
                attempt INTEGER NOT NULL,
                at {bigint} NOT NULL,
                status INTEGER,
                error TEXT,
                duration_ms {bigint} NOT NULL,
                node TEXT NOT NULL,
                PRIMARY KEY (webhook_id, attempt)
            )
            """,
        ]
    }

    /// Records the policy declares itself not to apply to (exclusions (1)–(4)): kept apart from
    /// people's attributes, each sealed with a data key of its own (`out-of-scope:<id>`) so that
    /// a record kept after its person's erasure still opens while one erased with them is shredded.
    /// `person_id` cascades: a record is kept only by being detached (person_id NULL) first.
    static let outOfScopeRecords = Migration(version: 51, name: "out_of_scope_records") { _ in
        [
            """
            CREATE TABLE out_of_scope_records (
                id TEXT PRIMARY KEY,
                exclusion TEXT NOT NULL,
                kind TEXT NOT NULL,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                sealed {blob} NOT NULL,
                occurred_at {bigint} NOT NULL,
                created_at {bigint} NOT NULL,
                detached_at {bigint}
            )
            """,
            "CREATE INDEX out_of_scope_person ON out_of_scope_records (person_id, occurred_at)",
            "CREATE INDEX out_of_scope_kind ON out_of_scope_records (kind, occurred_at)",
        ]
    }
}
