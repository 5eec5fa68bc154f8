import CustodianStore

/// The messages the service itself sends: their words, written in Swift like the pages, so the
/// compiler checks every value they use. Plain text only: they must read well everywhere.
enum TransactionalMail {
    /// What a transactional message says.
    struct Content: Sendable, Equatable {
        var subject: String
        var text: String
    }

    /// The one-time code of a step-up sign-in.
    static func stepUpCode(_ code: String, name: String?, minutes: Int) -> Content {
        Content(
            subject: "Your sign-in code: \(code)",
            text: """
                \(greeting(name))

                Someone — we hope you — is signing in to your account from a device, network or place we have not seen \
                you use before. To finish signing in, enter this code:

                    \(code)

                It works once, for \(minutes) minutes.

                If this was not you, do not give the code to anyone, and change your password: whoever is signing in \
                knows it.
                """)
    }

    /// "Someone tried to register with your address": the registration answered exactly as a new
    /// one would, and this notice goes to the address's owner instead.
    static func registrationNotice(name: String?) -> Content {
        Content(
            subject: "Someone tried to register with your address",
            text: """
                \(greeting(name))

                Someone just tried to create a new account with this email address. You already have an account, so \
                no new account was made and nothing about your account has changed.

                If it was you, sign in with your existing account instead (you can change your password from your \
                account page).

                If it was not you, you need do nothing: nobody can use your address for another account.
                """)
    }

    /// The one-time code that confirms a privacy request was made by the address's owner. The
    /// code is in the body only (subjects show in notifications and lists).
    static func privacyRequestCode(_ code: String, kind: PrivacyRequestKind, name: String?, minutes: Int) -> Content {
        let asked =
            switch kind {
            case .access: "a copy of the personal data we hold about you"
            case .correction: "a correction of the personal data we hold about you"
            case .erasure: "the erasure of your account and the personal data we hold about you"
            case .objection: "that we stop a use of your personal data"
            }
        return Content(
            subject: "Confirm your privacy request",
            text: """
                \(greeting(name))

                Someone — we hope you — asked for \(asked), giving this email address. To confirm that the request \
                is yours, enter this code where the request was made:

                    \(code)

                It works for \(minutes) minutes. Nothing happens until the code is given.

                If you did not ask for this, you need do nothing: without the code the request goes no further.
                """)
    }

    private static func greeting(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "Hello," }
        return "Hello \(name),"
    }
}
