extension Migrations {
    /// Console accounts and their sessions (issue 8, the staff console).
    ///
    /// A staff member's email address is personal data: it is sealed with a key of the account's
    /// own (`person_keys` row `staff:<id>`) and found only through the blind index
    /// (`email_digest`, kind `staff-email`). Passwords are bcrypt hashes; session tokens are
    /// SHA-256 digests. The tables name no `person_id`: staff are not people of the platform, and
    /// the person export (which follows every `person_id` column) must not reach them.
    static let staff = Migration(version: 64, name: "staff") { _ in
        [
            """
            CREATE TABLE staff_accounts (
                id TEXT PRIMARY KEY,
                email_digest {blob} NOT NULL UNIQUE,
                email {blob} NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                must_change_password INTEGER NOT NULL,
                failed_attempts INTEGER NOT NULL,
                locked_until {bigint},
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                last_sign_in_at {bigint},
                disabled_at {bigint}
            )
            """,
            """
            CREATE TABLE staff_sessions (
                id TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
                token_hash {blob} NOT NULL UNIQUE,
                created_at {bigint} NOT NULL,
                last_seen_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                revoked_at {bigint}
            )
            """,
            "CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id)",
        ]
    }
}
