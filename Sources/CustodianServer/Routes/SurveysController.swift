import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Surveys: staff create, open, close and read them (scope `admin`); people and, where a survey
/// allows, visitors answer them. The work is in ``SurveyActions``.
struct SurveysController {
    let actions: SurveyActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.group("v1/admin/surveys").add(middleware: RequireScope(scope: .admin))
        staff.post(use: create)
        staff.get(use: list)
        staff.get("{id}", use: show)
        staff.patch("{id}", use: update)
        staff.get("{id}/results", use: results)
        staff.get("{id}/responses", use: responses)
        staff.delete("{id}/responses/{response}", use: eraseResponse)
        router.get("v1/surveys", use: listOpen)
        router.get("v1/surveys/{id}", use: showPublic)
        router.post("v1/surveys/{id}/responses", use: respond)
        router.group("v1/people/me").add(middleware: RequireSession()).get("surveys", use: mine)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let draft = try await request.decodeJSON(as: SurveyDraft.self, context: context)
        let survey = try await actions.create(draft, actor: context.actor, requestId: context.requestId)
        return try .json(SurveyViews.SurveyView(survey, responses: 0), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let status = try ContactController.choice(request, "status", SurveyStatus.self)
        let surveys = try await actions.surveys.list(status: status)
        let counts = try await actions.surveys.responseCounts()
        return try .json(ContactViews.Page(items: surveys.map { SurveyViews.SurveyView($0, responses: counts[$0.id] ?? 0) }, next: nil))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let survey = try await actions.survey(try context.parameters.require("id"))
        let counts = try await actions.surveys.responseCounts()
        return try .json(SurveyViews.SurveyView(survey, responses: counts[survey.id] ?? 0))
    }

    struct Update: Decodable {
        var status: String?
    }

    /// Closes (or reopens) a survey: `{"status": "closed"}`.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await request.decodeJSON(as: Update.self, context: context)
        guard let given = body.status else {
            throw AppError.validation(field: "status", code: "required", message: "Give the new status: \(ContactController.list(SurveyStatus.self)).")
        }
        guard let status = SurveyStatus(rawValue: given) else {
            throw AppError.validation(field: "status", code: "invalid_choice", message: "Choose one of: \(ContactController.list(SurveyStatus.self)).")
        }
        guard let survey = try await actions.surveys.setStatus(id, to: status, actor: context.actor, requestId: context.requestId) else {
            throw AppError.surveyNotFound
        }
        let counts = try await actions.surveys.responseCounts()
        return try .json(SurveyViews.SurveyView(survey, responses: counts[survey.id] ?? 0))
    }

    /// Counts only; no text, so not an access to anyone's answers.
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let survey = try await actions.survey(try context.parameters.require("id"))
        return try .json(SurveyViews.Results(try await actions.surveys.results(of: survey), survey: survey))
    }

    /// The responses themselves, free text opened; every response read is audited.
    @Sendable func responses(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let page = try await actions.responses(
            of: try context.parameters.require("id"), limit: limit, after: try ContactController.cursor(request), actor: context.actor,
            requestId: context.requestId)
        return try .json(ContactViews.Page(items: page.responses.map(SurveyViews.Response.init), next: page.next?.token))
    }

    /// Erases one response (e.g. a visitor's text that holds personal data); audited.
    @Sendable func eraseResponse(_ request: Request, context: AppRequestContext) async throws -> Response {
        let erased = try await actions.surveys.erase(
            response: try context.parameters.require("response"), of: try context.parameters.require("id"), actor: context.actor,
            requestId: context.requestId)
        guard erased else { throw AppError.notFound("This survey has no response with this id.") }
        return Response(status: .noContent)
    }

    @Sendable func listOpen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(ContactViews.Page(items: try await actions.surveys.list(status: .open).map(SurveyViews.Listed.init), next: nil))
    }

    @Sendable func showPublic(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(SurveyViews.SurveyView(try await actions.survey(try context.parameters.require("id"))))
    }

    @Sendable func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let submission = try await request.decodeJSON(as: SurveySubmission.self, context: context)
        let summary = try await actions.respond(
            to: id, submission, person: context.session?.personId, remoteIP: context.remoteIP, service: context.apiKey?.serviceId,
            actor: context.actor, requestId: context.requestId)
        return try .json(SurveyViews.Receipt(id: summary.id, survey: summary.surveyId, createdAt: ContactViews.date(summary.createdAt)), status: .created)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let answered = try await actions.mine(try context.personId(), actor: context.actor, requestId: context.requestId)
        return try .json(ContactViews.Page(items: answered.map(SurveyViews.Own.init), next: nil))
    }
}
