import CustodianCore
import CustodianStore
import Foundation

/// What registering and changing partners does, for the admin API (``PartnerAdminController``)
/// and, later, the staff console. Every registration is checked against the policy's recipients
/// and purposes by ``PartnerRules``; every problem comes back in one 422.
struct PartnerAdminActions: Sendable {
    let registry: PartnerRegistry
    let apiKeys: APIKeyStore
    let compiled: CompiledPolicy
    let webhooks: WebhookConfiguration

    /// A registration as sent: every field optional so that validation names each missing one.
    struct Registration: Decodable, Sendable {
        var name: String?
        var contact: String?
        var recipient: String?
        var purposes: [String]?
        var categories: [String]?
        var sourceCategories: [String]?
        var webhookUrl: String?
        var push: Bool?
    }

    /// A change with PATCH semantics (`webhookUrl: null` removes it).
    struct Change: Decodable, Sendable {
        var contact: String?
        var purposes: [String]?
        var categories: [String]?
        var sourceCategories: [String]?
        var webhookUrl: PatchField<String> = .absent
        var push: Bool?
        var status: String?

        enum CodingKeys: String, CodingKey { case contact, purposes, categories, sourceCategories, webhookUrl, push, status }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            contact = try container.decodeIfPresent(String.self, forKey: .contact)
            purposes = try container.decodeIfPresent([String].self, forKey: .purposes)
            categories = try container.decodeIfPresent([String].self, forKey: .categories)
            sourceCategories = try container.decodeIfPresent([String].self, forKey: .sourceCategories)
            webhookUrl = try container.patchField(String.self, forKey: .webhookUrl)
            push = try container.decodeIfPresent(Bool.self, forKey: .push)
            status = try container.decodeIfPresent(String.self, forKey: .status)
        }
    }

    /// Validates and registers a partner; returns it with its signing secret (shown once).
    func register(_ body: Registration, actor: String, requestId: String) async throws -> (Partner, String) {
        var problems: [FieldProblem] = []
        let name = Self.name(body.name, &problems)
        let contact = Self.contact(body.contact, &problems)
        let url = body.webhookUrl.flatMap { WebhookURL.check($0, allowHTTP: webhooks.allowHTTP, &problems) }
        let push = body.push ?? false
        if push, body.webhookUrl == nil {
            problems.append(FieldProblem(field: "push", code: "requires_webhook", message: "Pushing shares needs a webhookUrl."))
        }
        guard let recipient = body.recipient else {
            problems.append(FieldProblem(field: "recipient", code: "required", message: "Name the policy recipient this partner is."))
            throw AppError.validation(problems: problems)
        }
        let grant = try grant(
            recipient: recipient, purposes: body.purposes ?? [], categories: body.categories, sources: body.sourceCategories ?? [],
            problems: &problems)
        guard problems.isEmpty, let name, let contact else { throw AppError.validation(problems: problems) }
        do {
            return try await registry.create(
                PartnerDraft(name: name, contact: contact, grant: grant, webhookURL: url, push: push), actor: actor, requestId: requestId)
        } catch StoreError.conflict {
            throw AppError(.conflict, code: "name_taken", message: "Another partner has this name.")
        }
    }

    /// Validates and applies a change; the resulting registration is checked as a whole.
    func change(_ id: String, _ body: Change, actor: String, requestId: String) async throws -> Partner {
        guard let current = try await registry.find(id: id) else { throw AppError.partnerNotFound }
        var problems: [FieldProblem] = []
        let contact = body.contact.flatMap { Self.contact($0, &problems) }
        var url: String?? = nil
        switch body.webhookUrl {
        case .absent: break
        case .null: url = .some(nil)
        case .value(let given): url = .some(WebhookURL.check(given, allowHTTP: webhooks.allowHTTP, &problems))
        }
        let push = body.push ?? current.push
        let finalURL = url ?? current.webhookURL
        if push, finalURL == nil {
            problems.append(FieldProblem(field: "push", code: "requires_webhook", message: "Pushing shares needs a webhookUrl."))
        }
        var status: PartnerStatus?
        if let given = body.status {
            status = PartnerStatus(rawValue: given)
            if status == nil {
                problems.append(FieldProblem(field: "status", code: "invalid_choice", message: "Choose active or disabled."))
            }
        }
        var grant: PartnerGrant?
        if body.purposes != nil || body.categories != nil || body.sourceCategories != nil {
            grant = try self.grant(
                recipient: current.grant.recipient, purposes: body.purposes ?? current.grant.purposes,
                categories: body.categories ?? (body.purposes == nil ? current.grant.categories : nil),
                sources: body.sourceCategories ?? current.grant.sourceCategories, problems: &problems)
        }
        guard problems.isEmpty else { throw AppError.validation(problems: problems) }
        let change = PartnerChange(contact: contact, grant: grant, webhookURL: url, push: body.push, status: status)
        guard let updated = try await registry.update(id: id, change, actor: actor, requestId: requestId) else { throw AppError.partnerNotFound }
        return updated
    }

    /// Issues an API key with scope `partner` bound to the partner; the secret is shown once.
    func issueKey(_ id: String, name given: String?, actor: String, requestId: String) async throws -> (APIKey, String) {
        guard let partner = try await registry.find(id: id) else { throw AppError.partnerNotFound }
        let name = (given ?? partner.name).trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw AppError.validation(field: "name", code: "invalid_length", message: "Give a name of 1 to 100 characters.")
        }
        return try await apiKeys.create(name: name, scopes: [.partner], partner: partner.id, actor: actor, requestId: requestId)
    }

    // MARK: - fields

    private func grant(
        recipient: String, purposes: [String], categories: [String]?, sources: [String], problems: inout [FieldProblem]
    ) throws -> PartnerGrant {
        var grant = PartnerGrant(recipient: recipient, purposes: purposes, categories: categories ?? [], sourceCategories: sources)
        problems += PartnerRules.problems(grant, categoriesGiven: categories != nil, compiled: compiled)
        if categories == nil { grant = PartnerRules.resolvedCategories(grant, compiled: compiled) }
        return grant
    }

    static func name(_ input: String?, _ problems: inout [FieldProblem]) -> String? {
        guard let input else {
            problems.append(FieldProblem(field: "name", code: "required", message: "Give the partner a short name, like acme-travel."))
            return nil
        }
        let bytes = Array(input.utf8)
        let allowed = { (byte: UInt8) in (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D }
        guard (2...63).contains(bytes.count), bytes.allSatisfy(allowed), bytes.first != 0x2D, bytes.last != 0x2D else {
            problems.append(FieldProblem(
                field: "name", code: "invalid_format",
                message: "Use 2 to 63 lower-case letters, digits and inner hyphens; it becomes the source 'partner:<name>'."))
            return nil
        }
        return input
    }

    static func contact(_ input: String?, _ problems: inout [FieldProblem]) -> String? {
        guard let input else {
            problems.append(FieldProblem(field: "contact", code: "required", message: "Give the partner's privacy contact address."))
            return nil
        }
        switch EmailValidator().validate(input) {
        case .success(let address): return address.normalized
        case .failure(let error):
            problems.append(FieldProblem(field: "contact", code: error.code.rawValue, message: error.message))
            return nil
        }
    }
}

/// Checks webhook URLs: absolute `https://` (plain `http://` only to loopback addresses unless
/// configured), no credentials in the URL, no fragment.
enum WebhookURL {
    static func check(_ text: String, allowHTTP: Bool, _ problems: inout [FieldProblem]) -> String? {
        guard text.utf8.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.user == nil, url.password == nil, url.fragment == nil
        else {
            problems.append(FieldProblem(field: "webhookUrl", code: "invalid_url", message: "Give an absolute https:// URL without credentials."))
            return nil
        }
        let loopback = ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
        guard scheme == "https" || (scheme == "http" && (loopback || allowHTTP)) else {
            problems.append(FieldProblem(
                field: "webhookUrl", code: "insecure_url", message: "Webhooks carry personal data: use https:// (http:// only to this machine)."))
            return nil
        }
        return text
    }
}
