import CustodianCore
import CustodianStore

/// The purpose gate's view of personalised recommendations: which purpose and categories the
/// model reads, and whether a person's consent lets it learn from or serve them.
///
/// The purpose is the default policy's "Recommend content that may interest you"
/// (`personalize.content.profiled`, opt-out). A policy that does not declare it gets no
/// personalisation at all: the model learns nothing and everyone gets the popular list.
public struct PersonalisationGate: Sendable {
    /// The purpose personalised recommendations are made under.
    public static let purpose = "personalize.content.profiled"
    /// What the model reads of a person: the pages they viewed.
    public static let categories = [EventStore.browsingCategory]

    let gate: PurposeGate

    public init(gate: PurposeGate) {
        self.gate = gate
    }

    /// Whether the policy declares the purpose at all.
    public var isDeclared: Bool { gate.compiled.basis(of: Self.purpose) != nil }

    /// Whether the views of a person with these recorded choices may teach the model. Signals
    /// are not live here: the first GPC or DNT seen for a person is in their ledger already.
    public func allowsLearning(_ states: [String: EffectiveConsent]) -> Bool {
        isDeclared && gate.decide(consent: states, purpose: Self.purpose, categories: Self.categories, signals: .none, hasAccount: true).allowed
    }

    /// Whose views may teach the model, from every ledger record of the purpose at once:
    /// people with no record follow `allowedByDefault` (the policy's default for the purpose).
    public func eligibility(_ ledger: ConsentLedgerStore) async throws -> (allowedByDefault: Bool, decided: [String: Bool]) {
        guard isDeclared else { return (false, [:]) }
        let records = try await ledger.records(purpose: Self.purpose)
        let policy = gate.compiled.policy
        var decided: [String: Bool] = [:]
        for (person, own) in Dictionary(grouping: records, by: \.personId) {
            decided[person] = allowsLearning(ConsentLedger.currentStates(records: own, policy: policy))
        }
        return (allowsLearning([:]), decided)
    }
}
