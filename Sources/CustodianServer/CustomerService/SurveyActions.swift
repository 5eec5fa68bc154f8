import CustodianCore
import CustodianStore
import Foundation

/// What creating surveys, answering them and reading the answers does, shared by the JSON API
/// (``SurveysController``) and, later, the survey pages and the staff console.
struct SurveyActions: Sendable {
    let surveys: SurveyStore
    let gate: CustomerServiceGate
    let acceptance: AcceptanceCheck
    /// Visitors answering anonymous surveys: 20 responses an hour per network.
    var visitorLimiter = SubmissionLimiter(limit: 20, window: .seconds(3_600))

    /// Validates and stores a new survey.
    func create(_ draft: SurveyDraft, actor: String, requestId: String) async throws -> Survey {
        let valid: ValidSurvey
        do {
            valid = try draft.validate()
        } catch {
            throw AppError.validation(problems: error.problems)
        }
        return try await surveys.create(valid, actor: actor, requestId: requestId)
    }

    /// The survey, or 404.
    func survey(_ id: String) async throws -> Survey {
        guard let survey = try await surveys.find(id) else { throw AppError.surveyNotFound }
        return survey
    }

    /// Answers a survey as `person` (nil: a visitor, where the survey allows it).
    ///
    /// One response per person: a second is `409 already_answered`. People must have accepted the
    /// current policy (428); visitors are limited per network (429).
    func respond(
        to id: String, _ submission: SurveySubmission, person: String?, remoteIP: String?, service: String?, actor: String, requestId: String
    ) async throws -> SurveyResponseSummary {
        let survey = try await survey(id)
        guard survey.status == .open else { throw AppError.surveyClosed }
        if let person {
            try await acceptance.require(person)
        } else if !survey.allowAnonymous {
            throw AppError(
                .unauthorized, code: "unauthenticated", message: "Sign in to answer this survey: it does not take anonymous answers.",
                headers: [.wwwAuthenticate: "Bearer"])
        }
        let answers: [SurveyAnswer]
        do {
            answers = try submission.validate(against: survey.questions)
        } catch {
            throw AppError.validation(problems: error.problems)
        }
        if person == nil, let wait = visitorLimiter.admit(SubmissionLimiter.visitorKey(remoteIP: remoteIP)) {
            throw AppError.tooManyRequests(retryAfterSeconds: wait)
        }
        do {
            return try await surveys.submit(answers, to: id, person: person, service: service, actor: actor, requestId: requestId)
        } catch let error as SurveyResponseError {
            switch error {
            case .noSuchSurvey: throw AppError.surveyNotFound
            case .closed: throw AppError.surveyClosed
            case .alreadyAnswered: throw AppError.alreadyAnswered
            case .noSuchPerson: throw AppError.sessionRequired
            }
        }
    }

    /// A page of the survey's responses for staff, free text opened through the gate where it
    /// allows; every response read is audited.
    func responses(of id: String, limit: Int, after cursor: PageCursor?, actor: String, requestId: String) async throws -> (responses: [SurveyResponse], survey: Survey, next: PageCursor?) {
        let survey = try await survey(id)
        let records = try await surveys.records(of: id, limit: limit, after: cursor)
        var accesses: [String: Access] = [:]
        for record in records {
            guard let subject = record.summary.keySubject, accesses[subject] == nil else { continue }
            let result = try await gate.authorize(
                person: record.summary.personId, keySubject: subject, purpose: SurveyRules.purpose, categories: [SurveyRules.category],
                actor: actor, requestId: requestId)
            // A denial withholds that response's text (and is audited); the rest still opens.
            if case .success(let access) = result { accesses[subject] = access }
        }
        let opened = try await surveys.open(records, survey: survey, accesses: accesses, actor: actor, requestId: requestId)
        let next = records.count == limit ? records.last.map { PageCursor(createdAt: $0.summary.createdAt, id: $0.summary.id) } : nil
        return (opened, survey, next)
    }

    /// The signed-in person's own responses, their text opened through the gate.
    func mine(_ person: String, actor: String, requestId: String) async throws -> [SurveyStore.AnsweredSurvey] {
        let access = try await gate.require(
            person: person, keySubject: person, purpose: SurveyRules.purpose, categories: [SurveyRules.category], actor: actor, requestId: requestId)
        return try await surveys.responses(of: person, access: access)
    }
}
