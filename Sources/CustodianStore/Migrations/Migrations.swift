/// The schema, as an append-only list of migrations.
public enum Migrations {
    public static let all: [Migration] = [foundation, auditAppendOnly, policyAndConsent, policyAndConsentAppendOnly, peopleIdentity, servicesAndLinks, signInLocations, events, supportAndSurveys, messaging, catalog, risk, partners, outOfScopeRecords, comments, privacyRequests, staff]

    /// Keys, people and their sealed attributes, API keys, the audit chain.
    static let foundation = Migration(version: 1, name: "foundation") { dialect in
        [
            """
            CREATE TABLE keyring_secrets (
                name TEXT PRIMARY KEY,
                kek_id TEXT NOT NULL,
                wrapped {blob} NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE person_keys (
                person_id TEXT PRIMARY KEY,
                kek_id TEXT NOT NULL,
                wrapped {blob} NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX person_keys_kek ON person_keys (kek_id)",
            """
            CREATE TABLE people (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE person_attributes (
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                field TEXT NOT NULL,
                category TEXT NOT NULL,
                source TEXT NOT NULL,
                value {blob} NOT NULL,
                updated_at {bigint} NOT NULL,
                PRIMARY KEY (person_id, field)
            )
            """,
            """
            CREATE TABLE person_lookup (
                kind TEXT NOT NULL,
                digest {blob} NOT NULL,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                PRIMARY KEY (kind, digest)
            )
            """,
            "CREATE INDEX person_lookup_person ON person_lookup (person_id)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                secret_hash {blob} NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                revoked_at {bigint}
            )
            """,
            """
            CREATE TABLE audit_log (
                seq {bigint} PRIMARY KEY,
                at {bigint} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT,
                purpose TEXT,
                categories TEXT NOT NULL,
                outcome TEXT NOT NULL,
                request_id TEXT,
                details TEXT NOT NULL,
                prev_hash {blob} NOT NULL,
                hash {blob} NOT NULL
            )
            """,
            "CREATE INDEX audit_log_subject ON audit_log (subject)",
            """
            CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                seq {bigint} NOT NULL,
                hash {blob} NOT NULL
            )
            """,
            // The head row exists from the start so that appenders on several nodes always have a
            // row to lock (SELECT … FOR UPDATE) and can never both write entry 1.
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, \(dialect == .sqlite ? "zeroblob(32)" : "decode(repeat('00', 32), 'hex')"))",
        ]
    }

    /// Refuses UPDATE and DELETE on the audit log inside the database itself, so that a bug or a
    /// careless query cannot rewrite history; deliberate tampering is caught by `audit verify`.
    static let auditAppendOnly = Migration(version: 2, name: "audit_append_only") { dialect in
        switch dialect {
        case .sqlite:
            [
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """,
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """,
            ]
        }
    }

    /// Passwords, sessions and sign-in events (People). Versions 3–9 are left for the policy and
    /// consent tables, which were designed in parallel.
    static let peopleIdentity = Migration(version: 10, name: "people_identity") { _ in
        [
            """
            CREATE TABLE credentials (
                person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
                password_hash TEXT NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                token_hash {blob} NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                software TEXT,
                network TEXT,
                created_at {bigint} NOT NULL,
                last_seen_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                revoked_at {bigint}
            )
            """,
            "CREATE INDEX sessions_person ON sessions (person_id)",
            """
            CREATE TABLE sign_in_events (
                id TEXT PRIMARY KEY,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                address_key TEXT NOT NULL,
                at {bigint} NOT NULL,
                outcome TEXT NOT NULL,
                score INTEGER NOT NULL,
                reasons TEXT NOT NULL,
                software TEXT,
                network TEXT,
                country TEXT
            )
            """,
            "CREATE INDEX sign_in_events_address ON sign_in_events (address_key, at)",
            "CREATE INDEX sign_in_events_person ON sign_in_events (person_id, at)",
        ]
    }

    /// Policy versions, the consent ledger and policy acceptances (issue 3).
    static let policyAndConsent = Migration(version: 3, name: "policy_and_consent") { dialect in
        // An increasing row id gives records made in the same millisecond a stable order.
        let rowID = dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE policy_versions (
                version TEXT PRIMARY KEY,
                seq {bigint} NOT NULL UNIQUE,
                effective_at {bigint} NOT NULL,
                policy_json TEXT NOT NULL,
                policy_yaml TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE consent_ledger (
                id \(rowID),
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                kind TEXT NOT NULL,
                source TEXT NOT NULL,
                policy_version TEXT NOT NULL REFERENCES policy_versions (version),
                evidence TEXT NOT NULL,
                recorded_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX consent_ledger_person ON consent_ledger (person_id, id)",
            """
            CREATE TABLE policy_acceptances (
                id \(rowID),
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                policy_version TEXT NOT NULL REFERENCES policy_versions (version),
                accepted_at {bigint} NOT NULL,
                channel TEXT NOT NULL,
                ip_truncated TEXT,
                user_agent_family TEXT,
                evidence TEXT NOT NULL,
                UNIQUE (person_id, policy_version)
            )
            """,
        ]
    }

    /// Policy versions are never edited or removed; ledger and acceptance rows are never edited
    /// (they go only with the person, when erasure deletes the person's rows).
    static let policyAndConsentAppendOnly = Migration(version: 4, name: "policy_and_consent_append_only") { dialect in
        switch dialect {
        case .sqlite:
            [
                """
                CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
                BEGIN SELECT RAISE(ABORT, 'policy versions are never edited'); END
                """,
                """
                CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
                BEGIN SELECT RAISE(ABORT, 'policy versions are never edited'); END
                """,
                """
                CREATE TRIGGER consent_ledger_no_update BEFORE UPDATE ON consent_ledger
                BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END
                """,
                """
                CREATE TRIGGER policy_acceptances_no_update BEFORE UPDATE ON policy_acceptances
                BEGIN SELECT RAISE(ABORT, 'policy acceptances are append-only'); END
                """,
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION custodian_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
                """,
                """
                CREATE TRIGGER policy_versions_no_change BEFORE UPDATE OR DELETE ON policy_versions
                FOR EACH ROW EXECUTE FUNCTION custodian_refuse_change()
                """,
                """
                CREATE TRIGGER consent_ledger_no_update BEFORE UPDATE ON consent_ledger
                FOR EACH ROW EXECUTE FUNCTION custodian_refuse_change()
                """,
                """
                CREATE TRIGGER policy_acceptances_no_update BEFORE UPDATE ON policy_acceptances
                FOR EACH ROW EXECUTE FUNCTION custodian_refuse_change()
                """,
            ]
        }
    }

    /// The platform's services (web, apps, servers), the API keys and data they bring, and the
    /// anonymous and device ids linked to people (People).
    static let servicesAndLinks = Migration(version: 11, name: "services_and_links") { _ in
        [
            """
            CREATE TABLE services (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            "ALTER TABLE api_keys ADD COLUMN service_id TEXT REFERENCES services (id)",
            "ALTER TABLE people ADD COLUMN service_id TEXT REFERENCES services (id)",
            "ALTER TABLE person_attributes ADD COLUMN service_id TEXT REFERENCES services (id)",
            """
            CREATE TABLE identity_links (
                kind TEXT NOT NULL,
                digest {blob} NOT NULL,
                person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                service_id TEXT REFERENCES services (id),
                linked_at {bigint} NOT NULL,
                PRIMARY KEY (kind, digest)
            )
            """,
            "CREATE INDEX identity_links_person ON identity_links (person_id)",
        ]
    }

    /// Coarse locations of sign-ins (about 1 km), for impossible-travel checks.
    static let signInLocations = Migration(version: 12, name: "sign_in_locations") { _ in
        [
            "ALTER TABLE sign_in_events ADD COLUMN latitude DOUBLE PRECISION",
            "ALTER TABLE sign_in_events ADD COLUMN longitude DOUBLE PRECISION",
        ]
    }
}
