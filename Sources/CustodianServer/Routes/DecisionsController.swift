import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `POST /v1/decisions` (scope `decide`): the purpose gate for the platform's own services.
///
/// `Sec-GPC: 1` and `DNT: 1` on the request are the person's signals, forwarded by the service;
/// the first time one is seen for a person it is recorded in the ledger.
struct DecisionsController {
    let consent: ConsentService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/decisions").add(middleware: RequireScope(scope: .decide)).post(use: decide)
    }

    struct Ask: Decodable {
        var person: String
        var purpose: String
        var categories: [String]?
    }

    struct Answer: Encodable {
        var allowed: Bool
        var basis: String?
        /// A stable snake_case code.
        var reason: String
        var message: String
        /// The key the reason is about (a refused category), when there is one.
        var detail: String?
        var policyVersion: String
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ask = try await request.decodeJSON(as: Ask.self, context: context)
        let categories = ask.categories ?? []
        try validate(ask, categories: categories)
        let signals = PrivacySignals(request: request)
        if signals.any {
            let evidence = RequestEvidence(request: request, context: context, channel: "decision_api")
            try await consent.observe(signals, for: ask.person, evidence: evidence.map)
        }
        guard let decision = try await consent.decide(
            person: ask.person, purpose: ask.purpose, categories: categories, signals: signals,
            actor: context.actor, requestId: context.requestId)
        else { throw ConsentError.unknownPerson }
        return try .json(Answer(
            allowed: decision.allowed, basis: decision.basis?.rawValue, reason: decision.reason.code.rawValue,
            message: decision.reason.message, detail: decision.reason.detail, policyVersion: consent.policyVersion))
    }

    /// Unknown purposes and categories are the caller's mistake (422), not a denial.
    func validate(_ ask: Ask, categories: [String]) throws {
        let policy = consent.policy
        var problems: [FieldError] = []
        if ask.person.isEmpty || ask.person.count > 100 {
            problems.append(FieldError(field: "person", code: "invalid", message: "Give the person's id."))
        }
        if policy.purpose(ask.purpose) == nil {
            problems.append(FieldError(field: "purpose", code: "unknown_purpose", message: "The policy declares no such purpose."))
        }
        if categories.count > 100 {
            problems.append(FieldError(field: "categories", code: "too_many", message: "Ask about at most 100 categories."))
        }
        for (index, category) in categories.enumerated().prefix(100) where policy.category(category) == nil {
            problems.append(FieldError(
                field: "categories[\(index)]", code: "unknown_category", message: "The policy declares no such data category."))
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
    }
}
