import CustodianCore
import CustodianStore
import Foundation

/// What sending, reading and handling contact messages does, shared by the JSON API
/// (``ContactController``) and, later, the contact page and the staff console. Failures are
/// ``AppError``s.
struct ContactActions: Sendable {
    let messages: ContactMessageStore
    let people: PersonVault
    let gate: CustomerServiceGate
    let audit: AuditLog
    /// The current policy: its controller is who handles messages.
    let policy: Policy
    let validation: @Sendable () -> ProfileValidation
    /// Visitors: 10 messages an hour per network. People: 30 an hour each.
    var visitorLimiter = SubmissionLimiter(limit: 10, window: .seconds(3_600))
    var personLimiter = SubmissionLimiter(limit: 30, window: .seconds(3_600))
    /// Links in messages are screened; a message with a flagged link is held for moderation.
    var screening: URLScreening?
    /// Contact velocity per address and network (risk events).
    var activity: ActivityMonitor?
    /// Where the links found in messages are recorded.
    static let sightingContext = "contact"

    /// A message as sent: every field optional so that validation names each problem.
    struct Submission: Decodable, Sendable {
        var subject: String?
        var body: String?
        var topic: String?
        /// A visitor's details; a signed-in person's are their profile's, and these are ignored.
        var name: String?
        var email: String?
        var phone: String?
    }

    /// Validates, rate-limits, screens and stores a message from `person` (nil: a visitor). A
    /// message with a link that URL screening flags is stored `held`, with the reasons.
    func send(
        _ submission: Submission, person: String?, remoteIP: String?, service: String?, actor: String, requestId: String
    ) async throws -> (summary: ContactMessageSummary, hold: [URLRiskReason]) {
        var problems: [FieldProblem] = []
        func text(_ value: String?, _ field: String, _ rules: FreeTextRules) -> String? {
            guard let value else {
                problems.append(FieldProblem(field: field, code: "required", message: rules.message(.required)))
                return nil
            }
            switch rules.check(value, field: field) {
            case .success(let text): return text
            case .failure(let problem):
                problems.append(problem)
                return nil
            }
        }
        let subject = text(submission.subject, "subject", ContactRules.subject)
        let body = text(submission.body, "body", ContactRules.body)
        var topic = ContactTopic.other
        if let given = submission.topic {
            if let known = ContactTopic(rawValue: given) {
                topic = known
            } else {
                problems.append(FieldProblem(
                    field: "topic", code: "invalid_choice", message: "Choose one of: \(ContactTopic.allCases.map(\.rawValue).joined(separator: ", "))."))
            }
        }
        var sender: ContactDraft.Sender?
        if let person {
            sender = .person(person)
        } else {
            var check = validation()
            check.name(submission.name, required: true)
            check.email(submission.email, required: true)
            check.phone(submission.phone)
            problems += check.problems.map { FieldProblem(field: $0.field, code: $0.code, message: $0.message) }
            let values = Dictionary(check.attributes.map { ($0.field, $0.value) }) { first, _ in first }
            if let name = values[ProfileFields.name], let email = values[ProfileFields.email],
               let lookup = check.lookups.first(where: { $0.kind == "email" })?.value {
                sender = .visitor(ContactVisitor(name: name, email: email, phone: values[ProfileFields.phone]), emailLookup: lookup)
            }
        }
        guard problems.isEmpty, let subject, let body, let sender else { throw AppError.validation(problems: problems) }
        let limiter = person == nil ? visitorLimiter : personLimiter
        if let wait = limiter.admit(person.map { "person:\($0)" } ?? SubmissionLimiter.visitorKey(remoteIP: remoteIP)) {
            throw AppError.tooManyRequests(retryAfterSeconds: wait)
        }
        let screened = screening?.screen(text: subject + "\n" + body)
        do {
            let summary = try await messages.create(
                ContactDraft(sender: sender, topic: topic, subject: subject, body: body, service: service, status: screened?.shouldHold == true ? .held : .open),
                actor: actor, requestId: requestId)
            if let screening, let screened, !screened.flagged.isEmpty {
                try await screening.record(
                    screened, person: person, keySubject: summary.keySubject, context: Self.sightingContext, itemId: summary.id, requestId: requestId)
            }
            await activity?.observe(.contact, person: person, address: remoteIP, requestId: requestId)
            return (summary, screened?.shouldHold == true ? screened?.reasons ?? [] : [])
        } catch StoreError.notFound {
            // The session outlived its person (erased a moment ago).
            throw AppError.sessionRequired
        }
    }

    /// The signed-in person's own messages, opened through the gate.
    func mine(_ person: String, actor: String, requestId: String) async throws -> [ContactMessage] {
        let access = try await gate.require(
            person: person, keySubject: person, purpose: ContactRules.purpose, categories: [ContactRules.contentCategory], actor: actor,
            requestId: requestId)
        return try await messages.messages(of: person, access: access)
    }

    /// A message opened for staff, with the sender's contact details (a visitor's own, or the
    /// person's profile), through the gate; the read is audited (`contact.read`) before it is
    /// returned.
    func read(_ id: String, actor: String, requestId: String) async throws -> (message: ContactMessage, sender: ContactVisitorDetails, hold: [URLRiskReason]) {
        guard let summary = try await messages.summary(id: id) else { throw AppError.contactNotFound }
        let access = try await gate.require(
            person: summary.personId, keySubject: summary.keySubject, purpose: ContactRules.purpose, categories: ContactRules.categories,
            actor: actor, requestId: requestId)
        guard let message = try await messages.message(id, access: access) else { throw AppError.contactNotFound }
        var sender = ContactVisitorDetails(name: message.visitorName, email: message.visitorEmail, phone: message.visitorPhone)
        if let person = summary.personId {
            let profile = Dictionary(try await people.attributes(of: person, access: access).map { ($0.field, $0.value) }) { first, _ in first }
            sender = ContactVisitorDetails(name: profile[ProfileFields.name], email: profile[ProfileFields.email], phone: profile[ProfileFields.phone])
        }
        var categories = [ContactRules.contentCategory]
        if sender.name != nil { categories.append(ContactRules.nameCategory) }
        if sender.email != nil { categories.append(ContactRules.emailCategory) }
        if sender.phone != nil { categories.append(ContactRules.phoneCategory) }
        try await audit.record(AuditEvent(
            actor: actor, action: "contact.read", subject: summary.personId ?? summary.keySubject, purpose: access.purpose,
            categories: categories, requestId: requestId, details: ["message": id]))
        return (message, sender, try await holdReasons(id))
    }

    /// Visitors' messages from an email address (for an access or erasure request); audited.
    func search(email: String?, actor: String, requestId: String) async throws -> [ContactMessageSummary] {
        guard let email else { throw AppError.validation(field: "email", code: "required", message: "Give the email address to look for.") }
        switch EmailValidator().validate(email) {
        case .success(let address):
            return try await messages.messages(fromVisitorEmail: address.lookupKey, actor: actor, requestId: requestId)
        case .failure(let error):
            throw AppError.validation(field: "email", code: error.code.rawValue, message: error.message)
        }
    }
}

extension ContactActions {
    /// Why a message was held: the reasons recorded when its links were screened.
    func holdReasons(_ id: String) async throws -> [URLRiskReason] {
        guard let screening else { return [] }
        var seen = Set<URLRiskReason>()
        return try await screening.sightings.sightings(context: Self.sightingContext, item: id).flatMap(\.reasons).filter { seen.insert($0).inserted }
    }

    /// Erases a message and what screening recorded about its links.
    func erase(_ id: String, actor: String, requestId: String) async throws -> Bool {
        guard try await messages.erase(id, actor: actor, requestId: requestId) else { return false }
        try await screening?.sightings.forget(context: Self.sightingContext, item: id)
        return true
    }
}

/// A sender's contact details as staff see them.
struct ContactVisitorDetails: Sendable, Encodable {
    var name: String?
    var email: String?
    var phone: String?
}
