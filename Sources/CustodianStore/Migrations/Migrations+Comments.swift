extension Migrations {
    /// Comments ("Leave a Reply" under `/privacy`, and `POST /v1/comments` for any page); versions
    /// 60–61 are this capability's.
    ///
    /// Every personal value is sealed with a data key of the comment's own (`person_keys` row
    /// `comment:<id>`), so erasing a comment is shredding that key: the name, website and body
    /// (published once approved) and the email address (never published). The address is findable
    /// only as a keyed digest (`email_digest`, blind-index kind `comment-email`), which is what
    /// "first comments held" and erasure by address use. A signed-in commenter's comments carry
    /// `person_id`, so they are in the person's export and go with them.
    static let comments = Migration(version: 60, name: "comments") { _ in
        [
            """
            CREATE TABLE comments (
                id TEXT PRIMARY KEY,
                page TEXT NOT NULL,
                status TEXT NOT NULL,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                key_subject TEXT NOT NULL,
                author_name {blob} NOT NULL,
                author_email {blob} NOT NULL,
                author_website {blob},
                body {blob} NOT NULL,
                email_digest {blob} NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX comments_page ON comments (page, status, created_at)",
            "CREATE INDEX comments_status ON comments (status, created_at)",
            "CREATE INDEX comments_email ON comments (email_digest, status)",
            "CREATE INDEX comments_person ON comments (person_id)",
        ]
    }
}
