extension Migrations {
    /// Campaigns, the outbox (issue 6) and step-up sign-in challenges (issue 4). Versions 20–29
    /// are messaging's.
    ///
    /// The outbox holds no address and no rendered text: recipients are resolved from the
    /// person's sealed email at send time, through the purpose gate, and what a transactional
    /// message carries (a one-time code) is sealed with the person's data key. Rows of a person
    /// go with them (ON DELETE CASCADE).
    static let messaging = Migration(version: 20, name: "messaging") { _ in
        [
            """
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                purpose TEXT NOT NULL,
                partner TEXT,
                subject TEXT NOT NULL,
                text_body TEXT NOT NULL,
                html_body TEXT,
                audience TEXT NOT NULL,
                status TEXT NOT NULL,
                report TEXT,
                created_by TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                queued_at {bigint}
            )
            """,
            "CREATE INDEX campaigns_created ON campaigns (created_at)",
            """
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                campaign_id TEXT REFERENCES campaigns (id),
                payload {blob},
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at {bigint} NOT NULL,
                expires_at {bigint},
                claimed_by TEXT,
                claimed_until {bigint},
                last_code INTEGER,
                last_error TEXT,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                sent_at {bigint}
            )
            """,
            "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
            "CREATE INDEX outbox_person ON outbox (person_id)",
            "CREATE INDEX outbox_campaign ON outbox (campaign_id, state)",
            """
            CREATE TABLE sign_in_challenges (
                id TEXT PRIMARY KEY,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                code_digest {blob} NOT NULL,
                attempts INTEGER NOT NULL,
                channel TEXT NOT NULL,
                address_key TEXT NOT NULL,
                score INTEGER NOT NULL,
                reasons TEXT NOT NULL,
                software TEXT,
                network TEXT,
                country TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                consumed_at {bigint}
            )
            """,
            "CREATE INDEX sign_in_challenges_person ON sign_in_challenges (person_id)",
        ]
    }
}
