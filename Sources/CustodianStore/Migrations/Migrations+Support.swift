extension Migrations {
    /// Contact messages to customer service, surveys, their responses and answers.
    ///
    /// Message subjects and bodies, a visitor's name, email and phone, and free-text answers are
    /// sealed: with the person's data key, or with a key of their own (`person_keys` row
    /// `contact:<id>` / `survey-response:<id>`) for visitors, so that erasing a visitor's message
    /// is shredding that key. Rows of a person go with them (ON DELETE CASCADE).
    static let supportAndSurveys = Migration(version: 14, name: "support_and_surveys") { _ in
        [
            """
            CREATE TABLE contact_messages (
                id TEXT PRIMARY KEY,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                key_subject TEXT NOT NULL,
                topic TEXT NOT NULL,
                status TEXT NOT NULL,
                subject_line {blob} NOT NULL,
                body {blob} NOT NULL,
                visitor_name {blob},
                visitor_email {blob},
                visitor_phone {blob},
                email_digest {blob},
                service_id TEXT REFERENCES services (id),
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX contact_messages_person ON contact_messages (person_id, created_at)",
            "CREATE INDEX contact_messages_status ON contact_messages (status, created_at)",
            "CREATE INDEX contact_messages_created ON contact_messages (created_at)",
            "CREATE INDEX contact_messages_email ON contact_messages (email_digest)",
            """
            CREATE TABLE surveys (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                description TEXT,
                status TEXT NOT NULL,
                allow_anonymous {bigint} NOT NULL,
                questions TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                closed_at {bigint}
            )
            """,
            "CREATE INDEX surveys_created ON surveys (created_at)",
            """
            CREATE TABLE survey_responses (
                id TEXT PRIMARY KEY,
                survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
                person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
                key_subject TEXT,
                service_id TEXT REFERENCES services (id),
                created_at {bigint} NOT NULL,
                UNIQUE (survey_id, person_id)
            )
            """,
            "CREATE INDEX survey_responses_survey ON survey_responses (survey_id, created_at)",
            "CREATE INDEX survey_responses_person ON survey_responses (person_id)",
            """
            CREATE TABLE survey_answers (
                response_id TEXT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL,
                question_id TEXT NOT NULL,
                option_id TEXT,
                value {bigint},
                text {blob}
            )
            """,
            "CREATE INDEX survey_answers_response ON survey_answers (response_id)",
            "CREATE INDEX survey_answers_question ON survey_answers (survey_id, question_id)",
        ]
    }
}
