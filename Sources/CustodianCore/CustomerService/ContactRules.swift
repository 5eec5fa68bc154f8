/// What a contact message may hold: its topics, and the limits of its subject and body.
public enum ContactTopic: String, Sendable, CaseIterable, Codable {
    /// Signing in, the profile, the account itself.
    case account
    /// The privacy policy, consent, access to or erasure of personal data.
    case privacy
    /// Problems using the service.
    case technical
    /// Suggestions and opinions.
    case feedback
    case other
}

/// The rules of contact messages, shared by the API and (later) the contact page.
public enum ContactRules {
    /// A subject line: one line, up to 200 characters.
    public static let subject = FreeTextRules(maximumLength: 200, multiline: false)
    /// A message body: line breaks kept, up to 10,000 characters.
    public static let body = FreeTextRules(maximumLength: 10_000, multiline: true)
}

extension ContactRules {
    /// The purpose staff and the sender read messages under: answering people who contact
    /// customer service (the default policy's `essential.service.operations.support`).
    public static let purpose = "essential.service.operations.support"
    /// What people write to customer service.
    public static let contentCategory = "user.content.private"
    /// A visitor's name, email address and phone number.
    public static let nameCategory = "user.name"
    public static let emailCategory = "user.contact.email"
    public static let phoneCategory = "user.contact.phone_number"
    /// Every category a message may hold, for an access that reads all of it.
    public static let categories = [contentCategory, nameCategory, emailCategory, phoneCategory]
}
