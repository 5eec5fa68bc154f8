extension Migrations {
    /// Collected events (Collection). On PostgreSQL the table is partitioned by month of receipt
    /// so that retention drops whole partitions; idempotency (source, messageId) then lives in
    /// `event_receipts`, because a unique index on a partitioned table must include the
    /// partition key. On SQLite a unique index on the table itself does the same job.
    static let events = Migration(version: 13, name: "events") { dialect in
        let columns = """
            source TEXT NOT NULL,
            message_id TEXT NOT NULL,
            type TEXT NOT NULL,
            person_id TEXT,
            anonymous_digest {blob},
            device_digest {blob},
            seal_subject TEXT,
            ip_sealed {blob},
            device_id_sealed {blob},
            ip_truncated TEXT,
            country TEXT,
            browser_family TEXT,
            browser_major TEXT,
            os_family TEXT,
            os_major TEXT,
            device_type TEXT,
            device_brand TEXT,
            device_model TEXT,
            screen TEXT,
            timezone TEXT,
            app TEXT,
            language TEXT,
            latitude DOUBLE PRECISION,
            longitude DOUBLE PRECISION,
            name TEXT,
            url TEXT,
            referrer TEXT,
            title TEXT,
            properties TEXT,
            bot INTEGER NOT NULL,
            fields INTEGER NOT NULL,
            occurred_at {bigint} NOT NULL,
            received_at {bigint} NOT NULL,
            skew_ms {bigint}
            """
        switch dialect {
        case .sqlite:
            return [
                "CREATE TABLE events (\(columns))",
                "CREATE UNIQUE INDEX events_message ON events (source, message_id)",
                "CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL",
                "CREATE INDEX events_anonymous ON events (anonymous_digest) WHERE anonymous_digest IS NOT NULL",
                "CREATE INDEX events_device ON events (device_digest) WHERE device_digest IS NOT NULL",
            ]
        case .postgres:
            return [
                "CREATE TABLE events (\(columns)) PARTITION BY RANGE (received_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL",
                "CREATE INDEX events_anonymous ON events (anonymous_digest) WHERE anonymous_digest IS NOT NULL",
                "CREATE INDEX events_device ON events (device_digest) WHERE device_digest IS NOT NULL",
                "CREATE INDEX events_received ON events (received_at)",
                """
                CREATE TABLE event_receipts (
                    source TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    received_at {bigint} NOT NULL,
                    PRIMARY KEY (source, message_id)
                )
                """,
                "CREATE INDEX event_receipts_received ON event_receipts (received_at)",
            ]
        }
    }
}
